package io.neuronetes.service.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes the notebooks in {@code notebooks/} headless, the way a user does, on the small test data of
 * {@code notebooks/testdata/} and the shared servegen trace, then checks that every figure was saved as a real
 * chart and that the headline figures the notebook printed equal the same figures recomputed here in Java from
 * the same files (and those recomputed figures equal the bench JSON's, so the recomputation is checked too).
 * The executed notebooks, their logs and PNGs stay in {@code target/notebook-runs/} for inspection.
 */
class NotebooksTest {

    static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
    static final Path TESTDATA = NOTEBOOKS.resolve("testdata");
    static final Path TRACE = Path.of("..", "..", "shared", "traces", "servegen", "m-large_10min_aggregate.csv")
            .toAbsolutePath().normalize();
    static final Path RUNS = Path.of("target", "notebook-runs").toAbsolutePath();
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** The notebooks print ten significant digits; the tolerance leaves room for summation order only. */
    static final double RELATIVE_TOLERANCE = 1e-7;
    static final ObjectMapper JSON = new ObjectMapper();

    /** What one notebook reads, saves and must print. */
    record Case(String notebook, String kind, Map<String, String> inputs, List<String> pngs, Path benchJson,
            String benchSection) {
        @Override
        public String toString() {
            return notebook;
        }
    }

    static Stream<Case> notebooks() {
        return Stream.of(
                new Case("forecast-accuracy.ipynb", "forecast",
                        Map.of("NB_BACKTEST_CSV", TESTDATA.resolve("forecast-candidate.csv").toString(),
                                "NB_BENCH_JSON", TESTDATA.resolve("forecast-bench.json").toString(),
                                // a day and step other than the defaults, so the overrides are exercised
                                "NB_DAY", "1970-01-13", "NB_PLOT_STEP", "3"),
                        List.of("mae_by_step.png", "relative_mae.png", "coverage_by_step.png", "confidence_by_step.png",
                                "forecast_vs_actual.png"),
                        TESTDATA.resolve("forecast-bench.json"), "candidates"),
                new Case("scaling.ipynb", "scaling",
                        Map.of("NB_SIMULATE_CSV", TESTDATA.resolve("scaling-candidate.csv").toString(),
                                "NB_BENCH_JSON", TESTDATA.resolve("scaling-bench.json").toString(),
                                "NB_PEER_DIR", TESTDATA.resolve("scaling-peers").toString(),
                                "NB_DECISIONS", TESTDATA.resolve("scaling-decisions.jsonl.gz").toString()),
                        List.of("replicas_over_time.png", "violations.png", "cost_vs_peers.png"),
                        TESTDATA.resolve("scaling-bench.json"), "candidates"));
    }

    @BeforeAll
    static void inputsExist() {
        assertThat(TRACE).as("the shared servegen trace, referenced by relative path from the service module")
                .isRegularFile();
        assertThat(TESTDATA).isDirectory();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void executesSavesChartsAndPrintsFiguresMatchingARecomputation(Case c) throws Exception {
        Path out = freshDir(RUNS.resolve(c.kind()));
        Path pngs = out.resolve("png");
        NotebookRun run = NotebookRun.execute(NOTEBOOKS, c.notebook(), withCommon(c.inputs(), pngs), out, TIMEOUT);

        assertThat(run.exitCode()).as("exit status of nbconvert for %s; log tail:\n%s", c.notebook(), run.logTail())
                .isZero();
        for (String png : c.pngs()) {
            assertThat(PngCheck.problems(pngs.resolve(png))).as("chart %s of %s", png, c.notebook()).isEmpty();
        }
        Map<String, Double> expected = recompute(c);
        Map<String, String> printed = run.headline(c.kind());
        assertThat(printed.get("candidate")).isEqualTo("candidate");
        expected.forEach((key, value) -> {
            assertThat(printed).as("headline of %s", c.notebook()).containsKey(key);
            assertThat(Double.parseDouble(printed.get(key))).as("%s printed by %s vs recomputed", key, c.notebook())
                    .isCloseTo(value, within(Math.abs(value) * RELATIVE_TOLERANCE));
        });
        assertRecomputationMatchesBench(c, expected);
        if (c.kind().equals("scaling")) {
            // the decision log of the same simulate run marks as many steps violated as the bench's replay
            assertThat(expected.get("logged_violations"))
                    .isEqualTo(Math.rint(expected.get("violation_pct") * expected.get("steps") / 100));
            assertThat(run.printed()).doesNotContain("WARNING");
        }
    }

    @Test
    void aDecisionLogOfAnotherRunIsSaidToBeOneAndABrokenLineIsNamed() throws Exception {
        Path out = freshDir(RUNS.resolve("decision-logs"));
        List<String> lines = decisionLines(TESTDATA.resolve("scaling-decisions.jsonl.gz"));
        Path other = out.resolve("other-run.jsonl");
        List<String> changed = new java.util.ArrayList<>(lines);
        changed.set(100, changed.get(100).replaceFirst("\"provisioned\":(\\d+)", "\"provisioned\":99"));
        assertThat(changed.get(100)).isNotEqualTo(lines.get(100));
        Files.write(other, changed);
        Map<String, String> inputs = Map.of("NB_DECISIONS", other.toString());
        NotebookRun run = NotebookRun.execute(NOTEBOOKS, "scaling.ipynb", withCommon(inputs, out.resolve("png")), out,
                TIMEOUT);
        assertThat(run.exitCode()).as("log tail:\n%s", run.logTail()).isZero();
        assertThat(run.printed()).contains("WARNING: the counts in " + other + " are not those of");

        Path broken = out.resolve("broken.jsonl");
        List<String> cut = new java.util.ArrayList<>(lines);
        cut.set(6, cut.get(6).substring(0, 40));
        Files.write(broken, cut);
        run = NotebookRun.execute(NOTEBOOKS, "scaling.ipynb",
                withCommon(Map.of("NB_DECISIONS", broken.toString()), out.resolve("png")), out, TIMEOUT);
        assertThat(run.exitCode()).as("log tail:\n%s", run.logTail()).isNotZero();
        assertThat(run.log()).contains("InputError").contains("decision log " + broken + ":7: not JSON");
    }

    /** The lines of a gzipped decision log. */
    static List<String> decisionLines(Path gz) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void missingInputFailsTheRunNamingTheFile() throws Exception {
        Path out = freshDir(RUNS.resolve("missing-input"));
        Path missing = out.resolve("no-such-backtest.csv");
        NotebookRun run = NotebookRun.execute(NOTEBOOKS, "forecast-accuracy.ipynb",
                withCommon(Map.of("NB_BACKTEST_CSV", missing.toString()), out.resolve("png")), out, TIMEOUT);

        assertThat(run.exitCode()).as("log tail:\n%s", run.logTail()).isNotZero();
        assertThat(run.log()).contains("InputError").contains("no such file " + missing);
    }

    private static Map<String, Double> recompute(Case c) throws IOException {
        TraceSeries trace = TraceSeries.read(TRACE, "timestamp", "requests");
        if (c.kind().equals("forecast")) {
            return ForecastFigures.recompute(trace, Path.of(c.inputs().get("NB_BACKTEST_CSV")));
        }
        JsonNode config = JSON.readTree(c.benchJson().toFile()).path("config");
        Map<String, Double> figures = new java.util.HashMap<>(ScalingFigures.recompute(trace,
                Path.of(c.inputs().get("NB_SIMULATE_CSV")), TESTDATA.resolve("scaling-peers").resolve("oracle.csv"),
                config));
        long violated = 0;
        for (String line : decisionLines(Path.of(c.inputs().get("NB_DECISIONS")))) {
            violated += JSON.readTree(line).path("violated").asBoolean() ? 1 : 0;
        }
        figures.put("logged_violations", (double) violated);
        return figures;
    }

    /** The bench scored the same candidate; its figures use other names for some keys. */
    private static void assertRecomputationMatchesBench(Case c, Map<String, Double> expected) throws IOException {
        JsonNode bench = JSON.readTree(c.benchJson().toFile()).path(c.benchSection()).path("candidate");
        Map<String, String> names = c.kind().equals("forecast")
                ? Map.of("pairs", "pairs", "mae", "mae", "mae_at_h", "mae_at_h", "rel_mae", "rel_mae",
                        "cov80", "coverage_80")
                : Map.of("steps", "steps", "violation_pct", "violation_pct", "unserved_pct", "unserved_pct",
                        "gpu_hours", "gpu_hours", "cost_ratio", "cost_ratio", "scale_events", "scale_events");
        names.forEach((ours, theirs) -> assertThat(expected.get(ours))
                .as("Java recomputation of %s vs %s in %s", ours, theirs, c.benchJson())
                .isCloseTo(bench.path(theirs).asDouble(), within(Math.abs(expected.get(ours)) * RELATIVE_TOLERANCE)));
    }

    private static Map<String, String> withCommon(Map<String, String> inputs, Path pngs) {
        Map<String, String> env = new java.util.HashMap<>(inputs);
        env.put("NB_TRACE", TRACE.toString());
        env.put("NB_TIME_COL", "timestamp");
        env.put("NB_VALUE_COL", "requests");
        env.put("NB_OUT_DIR", pngs.toString());
        return env;
    }

    private static Path freshDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
