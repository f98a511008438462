package io.neuronetes.service.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/noise_floor.py}: the NASA figure docs/forecasting.md quotes, and a one-line error with exit status 2
 * for each kind of bad input.
 */
class NoiseFloorScriptTest {

    private static final Path SCRIPT = Path.of("../scripts/noise_floor.py");
    private static final String NASA = "../../shared/traces/nasa-http/NASA_access_log_per_minute.csv";

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void nasaNoiseFloorIsTheFigureTheGuideQuotes() throws Exception {
        Run r = run(NASA, "requests");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("window  5 steps (both sides, value left out): MAE 10.139");
    }

    /** The known-level policy's figures that docs/planner.md quotes, in hindsight and with the week before. */
    @Test
    void nasaKnownLevelPolicyGivesTheFiguresThePlannerGuideQuotes() throws Exception {
        Run r = run(NASA, "requests", "1440", "7", "10", "5");
        assertThat(r.status()).isZero();
        String[] blocks = r.out().split("known level ");
        assertThat(blocks).hasSize(5);
        assertThat(blocks[3]).startsWith("(41 steps), capacity 10, cold start 5 steps:")
                .contains("noise quantile 0.995 of the evaluation days: 0.21% of steps violated at 1.412x the oracle")
                .contains("noise quantile 0.995 of the 7 days before: 0.15% of steps violated at 1.461x the oracle");
        assertThat(blocks[4]).contains("noise quantile 0.995 of the 7 days before: 0.18% of steps violated at 1.451x");
    }

    @Test
    void badInputGetsOneLineNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "timestamp,requests\n1,2\n2,abc\n");
        Path shortTrace = dir.resolve("short.csv");
        Files.writeString(shortTrace, "timestamp,requests\n1,2\n2,3\n");
        String[][] cases = {
            {"usage: noise_floor.py TRACE VALUE_COL"},
            {"No such file or directory", dir.resolve("nope.csv").toString(), "requests"},
            {"no column 'nope' (columns: timestamp, requests, missing)", NASA, "nope"},
            {"bad number", NASA, "requests", "x"},
            {"bad.csv:3: column 'requests': not a number: 'abc'", bad.toString(), "requests", "1", "1"},
            {"2 rows, fewer than 7 days of 1440 steps", shortTrace.toString(), "requests"},
            {"capacity > 0", NASA, "requests", "1440", "7", "0", "5"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            Run r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("noise_floor: error: ")
                    .contains(c[0]).doesNotContain("\n").doesNotContain("Traceback");
        }
    }
}
