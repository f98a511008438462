package io.neuronetes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastMethod;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.StepDistribution;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulateCommandTest {

    @TempDir
    static Path dir;
    static Path trace;

    /** Nine days at one-minute steps: 30 per minute at night, 200 from 08:00 to 18:00. */
    @BeforeAll
    static void writeTrace() throws IOException {
        trace = dir.resolve("trace.csv");
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,requests,missing");
        LocalDateTime t = LocalDateTime.of(1995, 7, 1, 0, 0);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        for (int i = 0; i < 9 * 1440; i++, t = t.plusMinutes(1)) {
            int minute = i % 1440;
            int v = minute >= 480 && minute < 1080 ? 200 : 30;
            lines.add(f.format(t) + "," + v + ",0");
        }
        Files.write(trace, lines);
    }

    /** The value one day earlier, no spread. */
    static final class DayBefore implements Trainer {
        @Override
        public ForecastModel train(TimeSeries history, int horizon) {
            return new ForecastModel() {
                @Override
                public Forecast forecast(TimeSeries s, Instant origin, int h) {
                    int o = s.indexOf(origin);
                    double[] p = new double[h];
                    StepDistribution[] d = new StepDistribution[h];
                    double[] c = new double[h];
                    for (int k = 1; k <= h; k++) {
                        double v = s.value(o + k - 1440);
                        p[k - 1] = v;
                        d[k - 1] = q -> v;
                        c[k - 1] = 0.9;
                    }
                    return Forecast.of(origin, s.step(), p, d, c, ForecastMethod.SEASONAL_NAIVE, "");
                }

                @Override
                public int horizon() {
                    return horizon;
                }
            };
        }
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new SimulateCommand(DayBefore::new).run(List.of(args), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The flags of a valid run writing to {@code out}, with {@code more} flag-value pairs added or replacing. */
    private static String[] base(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("--trace", trace.toString(), "--time-col", "timestamp",
                "--value-col", "requests", "--missing-col", "missing", "--capacity", "10", "--cold-start", "5",
                "--eval-days", "2", "--out", out.toString()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            int at = a.indexOf(more[i]);
            if (at < 0) {
                a.addAll(List.of(more[i], more[i + 1]));
            } else {
                a.set(at + 1, more[i + 1]);
            }
        }
        return a.toArray(String[]::new);
    }

    /** {@code args} with {@code more} appended as given. */
    private static String[] appended(String[] args, String... more) {
        return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void writesTheBenchCandidateCsvInTheTracesTimeFormat() throws IOException {
        Path out = dir.resolve("plan.csv");
        Run r = run(base(out));
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("timestamp,replicas");
        assertThat(lines).hasSize(1 + 2 * 1440);
        assertThat(lines.get(1)).startsWith("1995-07-08T00:00:00,"); // the first of the last two whole days
        assertThat(lines.get(481)).isEqualTo("1995-07-08T08:00:00,20"); // 200 / 10, ordered at 07:55
        assertThat(r.out()).contains("violations 0.00%").contains("oracle").contains("coverage");
        // one line per evaluation day: its violated steps, GPU-hours against the oracle's, its model
        assertThat(r.out()).containsPattern("\n    1995-07-08T00:00:00: 0\\.00% \\(0 of 1440\\), [0-9.]+ against "
                + "[0-9.]+ \\([0-9.]+x\\); seasonal naive\n")
                .containsPattern("\n    1995-07-09T00:00:00: 0\\.00% \\(0 of 1440\\), ");
    }

    @Test
    void theSummaryPrintsTheAvailabilityAndColdStartAsApplied() {
        // 99.999 (the AgentPool's highest) printed as "100% (quantile 1.0000)"; a cold start below a millisecond
        // is none
        Run r = run("--trace", trace.toString(), "--time-col", "timestamp", "--value-col", "requests", "--capacity",
                "10", "--cold-start", "1e-300", "--availability", "99.999", "--eval-days", "1", "--out",
                dir.resolve("applied-plan.csv").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("capacity 10, cold start 0 min, availability 99.999% (quantile 0.99999)");
    }

    @Test
    void anUnwritableOutputIsNamedWithTheCauseBeforeTheReplay() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "a file, not a folder");
        Path under = plain.resolve("x.csv");
        Run r = run(base(under));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("simulate: error: " + under + ": cannot write: File exists (" + plain
                + ")");
        assertThat(r.out()).isEmpty(); // refused before the replay: no summary
        r = run(base(dir));
        assertThat(r.err().strip()).isEqualTo("simulate: error: " + dir + ": cannot write: Is a directory");
        Path decisions = plain.resolve("d.jsonl");
        Path out = dir.resolve("not-written.csv");
        r = run(base(out, "--decisions", decisions.toString()));
        assertThat(r.err().strip()).isEqualTo("simulate: error: " + decisions + ": cannot write: File exists ("
                + plain + ")");
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutputThatIsAnInputOrTheOtherOutputIsRefusedAndTheInputKept() throws IOException {
        Path copy = Files.copy(trace, dir.resolve("trace-copy.csv"));
        String before = Files.readString(copy);
        Run r = run(base(copy, "--trace", copy.toString()));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("simulate: error: --out " + copy + " is the file of --trace: it would "
                + "be overwritten");
        // the same file by another name
        r = run(base(dir.resolve(".").resolve("trace-copy.csv"), "--trace", copy.toString()));
        assertThat(r.err()).contains("is the file of --trace");
        Path out = dir.resolve("both.csv");
        r = run(base(out, "--decisions", out.toString()));
        assertThat(r.err().strip()).isEqualTo("simulate: error: --decisions " + out + " is the file of --out: it "
                + "would be overwritten");
        assertThat(Files.readString(copy)).isEqualTo(before);
    }

    @Test
    void aFailedReplayLeavesAnEarlierOutputAsItWas() throws IOException {
        Path out = Files.writeString(dir.resolve("earlier.csv"), "timestamp,replicas\n1995-07-01T00:00:00,3\n");
        Run r = run(base(out, "--eval-days", "5")); // too few days of history: the replay fails
        assertThat(r.status()).isEqualTo(2);
        assertThat(Files.readString(out)).isEqualTo("timestamp,replicas\n1995-07-01T00:00:00,3\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void theDecisionLogExplainsEveryStepAsTheBenchScoresIt() throws IOException {
        // one step of the evaluation is a gap: its line has no demand and no verdict
        Path gappy = dir.resolve("gappy.csv");
        List<String> rows = new ArrayList<>(Files.readAllLines(trace));
        int gap = 1 + 8 * 1440 + 600; // 1995-07-09T10:00
        rows.set(gap, rows.get(gap).replaceFirst(",0$", ",1"));
        Files.write(gappy, rows);
        Path out = dir.resolve("logged.csv");
        Path decisions = dir.resolve("logged.jsonl");
        Run r = run(base(out, "--trace", gappy.toString(), "--decisions", decisions.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + out + " and " + decisions);
        List<String> csv = Files.readAllLines(out);
        List<String> lines = Files.readAllLines(decisions);
        assertThat(lines).hasSize(2 * 1440);
        ObjectMapper json = new ObjectMapper();
        int violated = 0;
        for (int k = 0; k < lines.size(); k++) {
            JsonNode line = json.readTree(lines.get(k));
            // the same step and count as the candidate CSV
            assertThat(line.get("timestamp").asText() + "," + line.get("provisioned").asInt())
                    .isEqualTo(csv.get(k + 1));
            assertThat(line.get("provisioned").asInt()).isEqualTo(line.get("serving").asInt()
                    + line.get("warm").asInt() + line.get("starting").asInt());
            assertThat(line.get("reasons")).isNotEmpty();
            violated += line.get("violated").asBoolean() ? 1 : 0;
        }
        assertThat(r.out()).contains("violations " + String.format(java.util.Locale.ROOT, "%.2f%%",
                100.0 * violated / (2 * 1440 - 1)));
        JsonNode gapLine = json.readTree(lines.get(1440 + 600));
        assertThat(gapLine.get("timestamp").asText()).isEqualTo("1995-07-09T10:00:00");
        assertThat(gapLine.get("demand").isNull()).isTrue();
        assertThat(gapLine.get("violated").isNull()).isTrue();
        // 07:55 orders for 08:00, the cold start ahead: the forecast (yesterday's 200) wins, and the log says so
        JsonNode order = json.readTree(lines.get(475));
        assertThat(order.get("timestamp").asText()).isEqualTo("1995-07-08T07:55:00");
        assertThat(order.get("demand").asDouble()).isEqualTo(30);
        assertThat(order.get("ready").asDouble()).isEqualTo(3);
        assertThat(order.get("violated").asBoolean()).isFalse();
        assertThat(order.get("forecast").asText()).isEqualTo("SEASONAL_NAIVE");
        assertThat(order.get("inputs").get("predicted").asInt()).isEqualTo(20);
        assertThat(order.get("inputs").get("quantileLevel").asDouble()).isEqualTo(0.995);
        assertThat(order.get("starting").asInt()).isEqualTo(17);
        assertThat(order.get("reasons").findValuesAsText("code")).contains("PREDICTED");
        assertThat(order.get("reasons").toString()).contains("q0.995");
        // the log changes nothing: the same run without it writes the same candidate CSV
        Path unlogged = dir.resolve("unlogged.csv");
        assertThat(run(base(unlogged, "--trace", gappy.toString())).status()).isZero();
        assertThat(Files.readAllLines(unlogged)).isEqualTo(csv);
        JsonNode served = json.readTree(lines.get(480));
        assertThat(served.get("timestamp").asText()).isEqualTo("1995-07-08T08:00:00");
        assertThat(served.get("ready").asDouble()).isEqualTo(20);
        assertThat(served.get("violated").asBoolean()).isFalse();
    }

    @Test
    void anIdleDayOfAPoolThatScalesToZeroHasNoCostRatio() throws IOException {
        // the last two of nine days carry no load; a pool with minReplicas 0 needs no replica then, nor does the
        // oracle: there is no ratio to print, and the output says so instead of "NaNx"
        Path idle = dir.resolve("idle.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        for (int i = 1 + 7 * 1440; i < lines.size(); i++) {
            lines.set(i, lines.get(i).substring(0, lines.get(i).indexOf(',')) + ",0,0");
        }
        Files.write(idle, lines);
        Path pool = poolFile("to-zero.yaml", 0, "10", 0);
        Run r = run("--trace", idle.toString(), "--time-col", "timestamp", "--value-col", "requests",
                "--missing-col", "missing", "--capacity", "10", "--cold-start", "5", "--eval-days", "1", "--pool",
                pool.toString(), "--out", dir.resolve("idle-plan.csv").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("(oracle 0.0, no oracle cost to compare)")
                .contains("1995-07-09T00:00:00: 0.00% (0 of 1440), 0.0 against 0.0 (no oracle cost to compare)")
                .doesNotContain("NaN");
    }

    @Test
    void aPoolWithoutPredictionHasNoForecastCoverageAndSaysSoInsteadOfNaN() throws IOException {
        Path pool = Files.writeString(dir.resolve("reactive.yaml"), """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: sim}
                spec:
                  maxReplicas: 100
                  autoscaling:
                    metrics: [{type: concurrent-sessions, target: "1"}]
                    predictive: {enabled: false}
                """);
        Run r = run(base(dir.resolve("reactive-plan.csv"), "--pool", pool.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("  forecast quantile coverage: none, prediction is off\n")
                .doesNotContain("NaN");
    }

    @Test
    void readsAPoolFile() throws IOException {
        Path pool = poolFile("pool.yaml", 4, "1", 0.5);
        Path out = dir.resolve("pool-plan.csv");
        Run r = run(base(out, "--pool", pool.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out).get(1)).endsWith(",4"); // night 3 replicas, minReplicas 4
    }

    static Stream<Arguments> badPoolFiles() {
        return Stream.of(
                // as the service reports its pool files (pools.YamlDocuments): line and column, no quoted source
                Arguments.of("unclosed flow sequence", "kind: AgentPool\nspec: [1, 2\n",
                        "line 2, column 12: while parsing a flow sequence; expected ',' or ']', but got <stream end>"),
                Arguments.of("a scalar, not a mapping", "AgentPool\n", "document 1 is not a mapping (got a scalar)"),
                Arguments.of("empty", "# nothing\n", "holds no YAML document"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPoolFiles")
    void aPoolFileThatIsNotYamlIsReportedAsTheServiceReportsIt(String name, String yaml, String message)
            throws IOException {
        Path pool = Files.writeString(dir.resolve("bad-pool.yaml"), yaml);
        Run r = run(base(dir.resolve("never.csv"), "--pool", pool.toString()));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("simulate: error: " + pool + ": " + message);
    }

    /** A pool file of up to 100 replicas with one load metric and prediction on. */
    private static Path poolFile(String name, int minReplicas, String target, double minConfidence)
            throws IOException {
        return Files.writeString(dir.resolve(name), """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: sim}
                spec:
                  minReplicas: %d
                  maxReplicas: 100
                  autoscaling:
                    metrics: [{type: concurrent-sessions, target: "%s"}]
                    predictive: {enabled: true, minConfidence: %s}
                """.formatted(minReplicas, target, minConfidence));
    }

    /** Records the fit window and horizon of every training, and forecasts as {@link DayBefore}. */
    static final class Recording implements Trainer {
        final List<String> trainings = new ArrayList<>();

        @Override
        public ForecastModel train(TimeSeries history, int horizon) {
            return new DayBefore().train(history, horizon);
        }

        @Override
        public ForecastModel train(TimeSeries history, Instant fitFrom, int horizon) {
            trainings.add(fitFrom + " h=" + horizon);
            return new DayBefore().train(history, horizon);
        }
    }

    static Stream<Arguments> trainingWindows() {
        return Stream.of(
                // no pool: the AgentPool default lookback (7d); horizon = cold start + one step = 6 minutes
                Arguments.of("default pool", null, 7,
                        List.of("1995-07-01T00:00:00Z h=6", "1995-07-02T00:00:00Z h=6")),
                // lookback 3d: the first replayed day (07-08) trains from 07-05; 30 one-minute steps
                Arguments.of("3d lookback, 30 min", "{enabled: true, minConfidence: 0, lookbackWindow: 3d, "
                        + "horizonMinutes: 30}", 3, List.of("1995-07-05T00:00:00Z h=30", "1995-07-06T00:00:00Z h=30")),
                // 36h rounds down to one whole day; a 2-minute horizon is raised to the lead + 1 = 6 steps
                Arguments.of("36h lookback, 2 min", "{enabled: true, minConfidence: 0, lookbackWindow: 36h, "
                        + "horizonMinutes: 2}", 1, List.of("1995-07-07T00:00:00Z h=6", "1995-07-08T00:00:00Z h=6")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainingWindows")
    void trainsOnThePoolsLookbackAndHorizon(String name, String predictive, int days, List<String> expected)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(base(dir.resolve("window-plan.csv"))));
        if (predictive != null) {
            Path pool = dir.resolve("window-pool.yaml");
            Files.writeString(pool, """
                    apiVersion: neuronetes.io/v1alpha1
                    kind: AgentPool
                    metadata: {name: sim}
                    spec:
                      autoscaling:
                        metrics: [{type: concurrent-sessions, target: "1"}]
                        predictive: %s
                    """.formatted(predictive));
            args.addAll(List.of("--pool", pool.toString()));
        }
        Recording trainer = new Recording();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new SimulateCommand(() -> trainer).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(status).isZero();
        assertThat(trainer.trainings).containsExactlyElementsOf(expected);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("on " + days + " days of history each");
    }

    @Test
    void theJarDispatchesSimulate() {
        assertThat(Cli.isCommand("simulate")).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Cli.run(new String[] {"simulate", "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: simulate");
    }

    @Test
    void helpPrintsTheFlags() {
        Run r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--trace", "--cold-start", "--availability", "--pool", "--eval-days",
                "--decisions");
    }

    static Stream<Arguments> badInput() {
        Path out = Path.of("/tmp/never-written.csv");
        return Stream.of(
                Arguments.of("no trace", new String[] {"--time-col", "t"}, "--trace is required"),
                Arguments.of("unknown option", base(out, "--colour", "red"), "unknown option --colour"),
                Arguments.of("flag without value", appended(base(out), "--capacity"), "--capacity needs a value"),
                // base() gives --capacity 10: a second value is refused, not taken over the first
                Arguments.of("flag given twice", appended(base(out), "--capacity", "20"), "--capacity given twice"),
                Arguments.of("flag given twice, the second value bad", appended(base(out), "--cold-start", "soon"),
                        "--cold-start given twice"),
                Arguments.of("capacity not a number", base(out, "--capacity", "ten"),
                        "--capacity must be a number in (0, 1e12], got 'ten'"),
                Arguments.of("zero capacity", base(out, "--capacity", "0"),
                        "--capacity must be a number in (0, 1e12], got '0'"),
                // finite, but the replay would print it as 9223372036854775807 and plan one replica throughout
                Arguments.of("capacity 1e308", base(out, "--capacity", "1e308"),
                        "--capacity must be a number in (0, 1e12], got '1e308'"),
                Arguments.of("capacity beyond a double", base(out, "--capacity", "1e400"),
                        "--capacity must be a number in (0, 1e12], got '1e400'"),
                Arguments.of("cold start beyond a double", base(out, "--cold-start", "1e400"),
                        "--cold-start must be a number in [0, 360] minutes, got '1e400'"),
                Arguments.of("cold start with a Java suffix", base(out, "--cold-start", "10d"),
                        "--cold-start must be a number in [0, 360] minutes, got '10d'"),
                Arguments.of("cold start NaN", base(out, "--cold-start", "NaN"),
                        "--cold-start must be a number in [0, 360] minutes, got 'NaN'"),
                Arguments.of("availability 100", base(out, "--availability", "100"),
                        "--availability must be a number in [50, 99.999], got '100'"),
                // the AgentPool's range: above it the planner's quantile rounds to 1 and every step plans the maximum
                Arguments.of("availability above the spec's", base(out, "--availability", "99.99999999"),
                        "--availability must be a number in [50, 99.999], got '99.99999999'"),
                Arguments.of("missing file", base(out, "--trace", "/nonexistent.csv"),
                        "/nonexistent.csv: cannot read: No such file or directory"),
                Arguments.of("trace is a folder", base(out, "--trace", dir.toString()),
                        dir + ": cannot read: Is a directory"),
                Arguments.of("wrong column", base(out, "--value-col", "reqs"), "reqs"),
                Arguments.of("too many days", base(out, "--eval-days", "5"),
                        "has 4 whole days of history before it, needs 7; use at most 2 evaluation days, or fewer "
                                + "history days"),
                Arguments.of("more days than the trace", base(out, "--eval-days", "10"),
                        "the series has 9 whole days; 10 evaluation days are too many: at most 2 evaluation days "
                                + "fit, each with 7 days of history before it"),
                Arguments.of("eval days beyond the range", base(out, "--eval-days", "99999999999"),
                        "--eval-days must be a whole number in 1..2147483647, got '99999999999'"),
                Arguments.of("no eval days", base(out, "--eval-days", "0"),
                        "--eval-days must be a whole number in 1..2147483647, got '0'"),
                Arguments.of("bad pool", base(out, "--pool", "/nonexistent-pool.yaml"),
                        "/nonexistent-pool.yaml: cannot read: No such file or directory"),
                Arguments.of("decisions flag without value", appended(base(out), "--decisions"),
                        "--decisions needs a value"),
                Arguments.of("pool is a folder", base(out, "--pool", dir.toString()),
                        dir + ": cannot read: Is a directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badFlagsOrInputGiveOneLineAndStatus2(String name, String[] args, String message) {
        Run r = run(args);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("simulate: error: ");
        // the error's one line, then, for a wrong command line, where the options are (CliUsageErrorTest)
        assertThat(r.err().lines().findFirst().orElseThrow()).contains(message);
        assertThat(r.err().lines().skip(1)).isSubsetOf("(simulate --help for the options)");
        assertThat(r.out()).isEmpty();
    }
}
