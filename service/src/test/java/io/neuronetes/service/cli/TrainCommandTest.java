package io.neuronetes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.store.FileModelStore;
import io.neuronetes.scheduler.spec.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
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

class TrainCommandTest {

    @TempDir
    Path dir;

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Ten-minute steps over {@code days} days with a daily cycle (seconds since 1970, as the bench allows). */
    private Path trace(int days) throws IOException {
        StringBuilder b = new StringBuilder("time,load\n");
        for (int i = 0; i < days * 144; i++) {
            b.append(i * 600L).append(',').append(100 + 50 * Math.sin(i * Math.PI / 72) + i % 5).append('\n');
        }
        Path f = dir.resolve("trace.csv");
        Files.writeString(f, b);
        return f;
    }

    @Test
    void trainsBacktestsAndStoresAVersion() throws IOException {
        Path models = dir.resolve("models");
        Outcome o = run("train", "--pool", "chat", "--metric", "tokens-in-queue", "--trace", trace(16).toString(),
                "--time-col", "time", "--value-col", "load", "--models", models.toString(), "--trees", "20",
                "--horizon", "6");
        assertThat(o.err()).isEmpty();
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("saved version v000001 (FOREST, horizon 6 steps)")
                .contains("backtest on 1970-01-16T00:00:00Z") // the last whole day of 16
                .containsPattern("confidence \\d\\.\\d\\d \\(all steps\\), per step:");
        var stored = new FileModelStore(models, 5).loadLatest("chat", "tokens-in-queue").orElseThrow();
        assertThat(stored.model().horizon()).isEqualTo(6);
        assertThat(stored.metadata().backtest()).containsKeys("relativeMae", "coverage80", "confidence");
    }

    /** A lookback longer than the history allows a backtest of says so once, with the days there are and needed. */
    @Test
    void tooLittleHistoryForABacktestSaysHowMuchThereIsAndIsNeeded() throws IOException {
        Outcome o = run("train", "--pool", "chat", "--trace", trace(16).toString(), "--time-col", "time",
                "--value-col", "load", "--models", dir.resolve("models").toString(), "--trees", "5", "--horizon", "3",
                "--lookback", "30d");
        assertThat(o.err()).isEmpty();
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("the history spans 16.0 days, less than the lookback of 30: the model is trained "
                + "on all of it\n");
        assertThat(o.out()).contains("no backtest: too little history (the first evaluation day "
                + "1970-01-16T00:00:00Z has 15 whole days of history before it, needs 30): confidence is the "
                + "training's out-of-bag estimate\n");
    }

    @Test
    void aMetricThatIsNotAMetricTypeIsRefusedAndNothingIsStored() throws IOException {
        Path models = dir.resolve("models");
        Outcome o = run("train", "--pool", "chat", "--metric", "bogus", "--trace", trace(16).toString(),
                "--time-col", "time", "--value-col", "load", "--models", models.toString(), "--trees", "20");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("train: error: --metric: expected one of tokens-in-queue, "
                + "concurrent-sessions, tokens-per-second, queue-depth, tool-call-rate, got 'bogus'\n"
                + "(train --help for the options)");
        assertThat(models).doesNotExist();
    }

    @Test
    void aMetricTheServiceNeverForecastsIsRefusedAndNothingIsStored() throws IOException {
        Path models = dir.resolve("models");
        for (String metric : List.of("ttft-p95", "context-length")) {
            Outcome o = run("train", "--pool", "chat", "--metric", metric, "--trace", trace(16).toString(),
                    "--time-col", "time", "--value-col", "load", "--models", models.toString(), "--trees", "20");
            assertThat(o.status()).isEqualTo(2);
            assertThat(o.err().strip()).isEqualTo("train: error: --metric: " + metric + " is not a load metric, so "
                    + "the service never forecasts it; expected one of tokens-in-queue, concurrent-sessions, "
                    + "tokens-per-second, queue-depth, tool-call-rate\n(train --help for the options)");
        }
        assertThat(models).doesNotExist();
    }

    @Test
    void anUnwritableModelStoreIsNamedWithTheCause() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "a file, not a folder");
        Outcome o = run("train", "--pool", "chat", "--trace", trace(16).toString(), "--time-col", "time",
                "--value-col", "load", "--models", plain.resolve("models").toString(), "--trees", "20");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err().strip()).isEqualTo("train: error: model store: cannot save the model of "
                + "chat/concurrent-sessions in " + plain.resolve("models/chat/concurrent-sessions")
                + ": Not a directory (" + plain.resolve("models/chat") + ")");
    }

    @Test
    void anUnreachablePrometheusIsNamed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Outcome o = run("train", "--pool", "chat", "--prometheus", "http://127.0.0.1:" + port, "--timeout", "2s",
                "--models", dir.resolve("models").toString());
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).startsWith("train: cannot read the history: ERROR: chat/concurrent-sessions: Prometheus "
                + "http://127.0.0.1:" + port + " unreachable: ConnectException").contains("(after 3 attempts)");
        assertThat(dir.resolve("models")).doesNotExist();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("no pool", List.of("--trace", "t.csv"), "--pool is required"),
                Arguments.of("unknown option", List.of("--pool", "p", "--colour", "red"), "unknown option --colour"),
                Arguments.of("option without value", List.of("--pool"), "--pool needs a value"),
                Arguments.of("option given twice", List.of("--pool", "p", "--trace", "t.csv", "--pool=q"),
                        "--pool given twice"),
                Arguments.of("no source", List.of("--pool", "p"), "give --prometheus URL or --trace FILE"),
                Arguments.of("both sources", List.of("--pool", "p", "--trace", "t.csv", "--prometheus",
                        "http://x:9090"), "give either --trace or --prometheus, not both"),
                // the URL is named in messages; a token goes in --bearer-token-file, as the service's settings
                Arguments.of("credentials in the URL", List.of("--pool", "p", "--prometheus",
                        "http://user:secret@x:9090"), "--prometheus: must not hold credentials; use "
                                + "--bearer-token-file"),
                Arguments.of("lookback in hours", List.of("--pool", "p", "--lookback", "36h", "--trace", "t.csv"),
                        "--lookback: expected whole days"),
                // the range of an AgentPool's lookbackWindow, also for a number of days too large to count
                Arguments.of("lookback above 90 days", List.of("--pool", "p", "--lookback", "91d", "--trace",
                        "t.csv"), "--lookback: expected whole days in 1d..90d, e.g. 7d, got '91d'"),
                Arguments.of("lookback beyond a long", List.of("--pool", "p", "--lookback",
                        "99999999999999999999d", "--trace", "t.csv"), "--lookback: expected whole days in 1d..90d, "
                                + "e.g. 7d, got '99999999999999999999d'"),
                Arguments.of("timeout above an hour", List.of("--pool", "p", "--prometheus", "http://x:9090",
                        "--timeout", "99999999d"), "--timeout: expected a duration from 1s to 1h such as 30s or 5m "
                                + "(whole seconds, minutes, hours or days), got '99999999d'"),
                Arguments.of("step above a day", List.of("--pool", "p", "--prometheus", "http://x:9090", "--step",
                        "2d"), "--step: expected a duration from 1s to 1d such as 30s or 5m (whole "
                        + "seconds, minutes, hours or days), got '2d'"),
                Arguments.of("missing trace", List.of("--pool", "p", "--trace", "nope.csv", "--time-col", "a",
                        "--value-col", "b"), "nope.csv: cannot read: No such file or directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsOneLineAndExitTwo(String name, List<String> args, String message) {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(args);
        Outcome o = run(all.toArray(String[]::new));
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("train: error: ");
        // the error's one line, then, for a wrong command line, where the options are (CliUsageErrorTest)
        assertThat(o.err().lines().findFirst().orElseThrow()).contains(message);
        assertThat(o.err().lines().skip(1)).isSubsetOf("(train --help for the options)");
    }

    @Test
    void helpListsEveryCommandAndTrainsOptions() {
        Outcome all = run("--help");
        assertThat(all.status()).isZero();
        assertThat(all.out()).contains("serve").contains("train").contains("backtest").contains("simulate");
        Outcome train = run("train", "--help");
        assertThat(train.status()).isZero();
        assertThat(train.out()).contains("--prometheus URL").contains("--trace FILE").contains("--lookback");
        for (MetricType t : MetricType.values()) {
            if (t.additive()) {
                assertThat(train.out()).as("the values of --metric").contains(t.yamlName());
            }
        }
    }
}
