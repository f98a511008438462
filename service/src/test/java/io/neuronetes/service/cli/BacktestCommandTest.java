package io.neuronetes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BacktestCommandTest {

    private static final String SERVEGEN = "../../shared/traces/servegen/m-large_10min_aggregate.csv";

    @TempDir
    Path dir;

    private record Outcome(int status, String out, String err) {
    }

    private Outcome run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(Stream.concat(Stream.of("backtest"), args.stream()).toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** An hourly trace of {@code days} days with a daily cycle; rows as given by {@code row}. */
    private Path trace(String name, int days, String extraRow) throws IOException {
        StringBuilder b = new StringBuilder("time,load\n");
        for (int i = 0; i < days * 24; i++) {
            b.append(i * 3600L).append(',').append(100 + 50 * Math.sin(i * Math.PI / 12) + i % 7).append('\n');
        }
        if (extraRow != null) {
            b.append(extraRow).append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, b);
        return f;
    }

    private List<String> args(Path trace, String... more) {
        List<String> a = new ArrayList<>(List.of("--trace", trace.toString(), "--time-col", "time", "--value-col",
                "load", "--out", dir.resolve("out.csv").toString()));
        a.addAll(List.of(more));
        return a;
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("missing column", 10, null, new String[] {"--value-col", "requests"}, true,
                        "t.csv:1: column 'requests': no such column; found time, load"),
                Arguments.of("unparsable time", 10, "12x,5", new String[0], false,
                        "t.csv:242: column 'time': mixes numeric and datetime times: \"12x\""),
                Arguments.of("duplicate time", 10, "3600,5", new String[0], false,
                        "t.csv:242: column 'time': duplicate time 1970-01-01T01:00:00Z, first at line 3"),
                Arguments.of("non-numeric value", 10, "864000,lots", new String[0], false,
                        "t.csv:242: column 'load': not a number: \"lots\""),
                Arguments.of("negative horizon", 10, null, new String[] {"--horizon", "-3"}, false,
                        "--horizon must be a whole number in 1..2147483647, got '-3'"),
                Arguments.of("horizon not a number", 10, null, new String[] {"--horizon", "ten"}, false,
                        "--horizon must be a whole number in 1..2147483647, got 'ten'"),
                // a whole number, but beyond the range: the message says the range, not "not a number"
                Arguments.of("eval days beyond the range", 10, null, new String[] {"--eval-days", "99999999999"},
                        false, "--eval-days must be a whole number in 1..2147483647, got '99999999999'"),
                Arguments.of("origin spacing beyond the range", 10, null, new String[] {"--origin-every",
                        "-99999999999"}, false, "--origin-every must be a whole number in 1..2147483647, got "
                                + "'-99999999999'"),
                Arguments.of("horizon above a day", 10, null, new String[] {"--horizon", "25", "--eval-days", "1"},
                        false, "t.csv: column 'time': horizon 25 exceeds one day (24 steps)"),
                Arguments.of("too little history", 10, null, new String[] {"--eval-days", "4"}, false,
                        "t.csv: column 'time': the first evaluation day 1970-01-07T00:00:00Z has 6 whole days"
                                + " of history before it, needs 7"),
                Arguments.of("unknown flag", 10, null, new String[] {"--horizons", "3"}, false,
                        "unknown option --horizons"),
                Arguments.of("flag without value", 10, null, new String[] {"--eval-days"}, false,
                        "--eval-days needs a value"),
                Arguments.of("flag given twice", 10, null, new String[] {"--horizon", "3", "--horizon=4"}, false,
                        "--horizon given twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsOneLineWithNonZeroExit(String name, int days, String extraRow, String[] more, boolean replace,
            String expected) throws IOException {
        Path t = trace("t.csv", days, extraRow);
        List<String> a = args(t);
        if (replace) {
            a.set(a.indexOf("--value-col") + 1, more[1]);
        } else {
            a.addAll(List.of(more));
        }
        Outcome o = run(a);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("backtest: error: ").contains(expected);
        assertThat(o.err().lines().findFirst().orElseThrow()).contains(expected);
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void anOutputThatIsTheTraceIsRefusedAndTheTraceKept() throws IOException {
        Path t = trace("same.csv", 10, null);
        String before = Files.readString(t);
        Outcome o = run(List.of("--trace", t.toString(), "--time-col", "time", "--value-col", "load", "--eval-days",
                "1", "--out", t.toString()));
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("backtest: error: --out " + t + " is the file of --trace: it would be "
                + "overwritten");
        assertThat(Files.readString(t)).isEqualTo(before);
    }

    @Test
    void anUnwritableOutputIsNamedWithTheCause() throws IOException {
        Path t = trace("t.csv", 10, null);
        Path plain = Files.writeString(dir.resolve("plain"), "a file, not a folder");
        Path under = plain.resolve("x.csv");
        Outcome o = run(List.of("--trace", t.toString(), "--time-col", "time", "--value-col", "load", "--eval-days",
                "1", "--out", under.toString()));
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err().strip()).isEqualTo("backtest: error: " + under + ": cannot write: File exists (" + plain
                + ")");
        assertThat(o.out()).isEmpty(); // found before the backtest ran: no summary
        if (Files.isDirectory(Path.of("/proc/self"))) {
            // Linux refuses any new file in /proc; the temporary file beside the target is named after the cause
            o = run(List.of("--trace", t.toString(), "--time-col", "time", "--value-col", "load", "--eval-days", "1",
                    "--out", "/proc/x.csv"));
            assertThat(o.status()).isEqualTo(1);
            assertThat(o.err()).startsWith("backtest: error: /proc/x.csv: cannot write: No such file or directory "
                    + "(/proc/.x.csv.tmp-");
        }
    }

    @Test
    void missingRequiredFlag() {
        Outcome o = run(List.of("--trace", "x.csv", "--time-col", "t", "--value-col", "v"));
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("backtest: error: --out is required");
    }

    @Test
    void helpPrintsUsage() {
        Outcome o = run(List.of("--help"));
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("usage: backtest --trace FILE", "--origin-every");
    }

    @Test
    void writesTheCandidateCsvOfEveryOriginAndStepInSecondsFormat() throws IOException {
        Path out = dir.resolve("sg.csv");
        Outcome o = run(List.of("--trace", SERVEGEN, "--time-col", "timestamp", "--value-col", "requests",
                "--eval-days", "2", "--horizon", "3", "--origin-every", "6", "--out", out.toString()));
        assertThat(o.err()).isEmpty();
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("relMAE", "cov80", "wrote " + out);
        // the figure the confidence gate reads, over all steps together, beside the per-step column
        assertThat(o.out().lines().filter(l -> l.startsWith("MAE ")).findFirst().orElseThrow())
                .containsPattern("  confidence [01]\\.\\d{3} \\(all steps\\)  ");
        List<String> lines = Files.readAllLines(out);
        // 2 days * 144 steps / 6 = 48 origins, 3 steps each
        assertThat(lines).hasSize(1 + 48 * 3);
        assertThat(lines.get(0)).isEqualTo("origin,step,predicted,lower,upper");
        // the last two whole days of 14 start at day 12: 12 * 86400 = 1036800 seconds
        assertThat(lines.get(1)).startsWith("1036800,1,");
        // the last origin: 47 origins of 6 steps * 600 s later = 1036800 + 47 * 3600
        assertThat(lines.get(lines.size() - 1)).startsWith("1206000,3,");
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            double predicted = Double.parseDouble(c[2]);
            assertThat(Double.parseDouble(c[3])).isLessThanOrEqualTo(predicted);
            assertThat(Double.parseDouble(c[4])).isGreaterThanOrEqualTo(predicted);
        }
    }
}
