package io.neuronetes.service.shadow;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.scheduler.replay.TraceReplay;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.app.Demo;
import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.cli.SimulateCommand;
import io.neuronetes.service.metrics.MetricRef;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/v1/pools/{pool}/shadow} on the embedded default: the figures it reports are those the
 * {@code simulate} command ({@link TraceReplay} with the production forest) gives on the same history with the same
 * pool, and bad requests get clear answers.
 */
@QuarkusTest
class ShadowApiTest {

    static final String POOL = "demo-nasa";
    static final Duration WAIT = Duration.ofMinutes(6);
    static final Offset<Double> EXACT = Offset.offset(1e-9);
    /** Decimals as doubles (the default parses them as floats, too coarse to compare exactly). */
    static final JsonPathConfig DOUBLES = JsonPathConfig.jsonPathConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE);

    @Inject
    Scaler scaler;
    @Inject
    Demo demo;

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("unknown pool", "/api/v1/pools/nope/shadow", 404, "no pool named 'nope'"),
                Arguments.of("days zero", "/api/v1/pools/demo-nasa/shadow?days=0", 400,
                        "days: expected a whole number in 1..14, got '0'"),
                Arguments.of("days beyond two weeks", "/api/v1/pools/demo-nasa/shadow?days=15", 400,
                        "days: expected a whole number in 1..14, got '15'"),
                Arguments.of("days not a number", "/api/v1/pools/demo-nasa/shadow?days=week", 400,
                        "days: expected a whole number in 1..14, got 'week'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsGetAClearMessage(String name, String path, int status, String message) {
        given().get(path).then().statusCode(status).contentType(ContentType.JSON)
                .body("error", containsString(message));
    }

    @Test
    void figuresAreThoseOfTheSimulateCommandOnTheSameHistory(@TempDir Path dir) throws Exception {
        JsonPath shadow = await(POOL, 1);
        assertThat(shadow.getString("status")).isEqualTo("done");
        Instant from = Instant.parse(shadow.getString("from"));
        Instant to = Instant.parse(shadow.getString("to"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(1));

        // The same history, read from the same source: the shadow replay read from midnight 15 days before the
        // replayed day's end (1 replayed, 7 of training, 7 for the week lags) to its request time; any end after the
        // replayed day plus the cold start gives the same replay (the oracle looks ahead one cold start).
        AgentPool pool = scaler.runtime(POOL).orElseThrow().entry().pool();
        TimeSeries history = demo.metricsSource().range(MetricRef.of(POOL, pool.namespace(), "concurrent-sessions"),
                from.minus(Duration.ofDays(14)), to.plus(Duration.ofHours(6)), Duration.ofMinutes(1)).value();
        Path trace = dir.resolve("demo.csv");
        StringBuilder csv = new StringBuilder("timestamp,sessions\n");
        for (int i = 0; i < history.size(); i++) {
            csv.append(history.time(i).getEpochSecond()).append(',').append(history.value(i)).append('\n');
        }
        Files.writeString(trace, csv);
        String yaml = new String(Demo.class.getClassLoader().getResourceAsStream("demo/agentpool.yaml")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(yaml).containsOnlyOnce("enabled: true");
        Path on = dir.resolve("on.yaml");
        Path off = dir.resolve("off.yaml");
        Files.writeString(on, yaml);
        Files.writeString(off, yaml.replace("enabled: true", "enabled: false")); // predictive.enabled

        // simulate with this pool's settings: capacity = its metric's target 10, cold start 5 min, 1 day.
        Simulated sOn = simulate(dir, trace, on, "on");
        Simulated sOff = simulate(dir, trace, off, "off");
        assertThat(shadow.getList("series.predictive", Integer.class)).containsExactlyElementsOf(sOn.replicas());
        assertThat(shadow.getList("series.reactive", Integer.class)).containsExactlyElementsOf(sOff.replicas());
        assertThat(summary(shadow, "predictive")).isEqualTo(sOn.figures());
        assertThat(summary(shadow, "reactive")).isEqualTo(sOff.figures());
        assertThat(shadow.getInt("predictive.trainings")).isEqualTo(1);
        assertThat(shadow.getInt("reactive.trainings")).isZero();

        // One day replayed: its figures are the policy's, with the model simulate names for it.
        assertThat(shadow.getList("predictive.days")).hasSize(1);
        assertThat(shadow.getString("predictive.days[0].start")).isEqualTo(shadow.getString("from"));
        assertThat(shadow.getString("predictive.days[0].model")).startsWith("forest of ").isEqualTo(sOn.model());
        assertThat(shadow.getString("reactive.days[0].model")).isEqualTo("no forecast").isEqualTo(sOff.model());
        for (String p : List.of("predictive", "reactive")) {
            assertThat(shadow.getInt(p + ".days[0].violatedSteps")).isEqualTo(shadow.getInt(p + ".violatedSteps"));
            assertThat(shadow.getDouble(p + ".days[0].gpuHours")).isCloseTo(shadow.getDouble(p + ".gpuHours"),
                    Offset.offset(1e-6));
        }

        // Counts and amounts agree with the percentages over the reported steps and load.
        for (String p : List.of("predictive", "reactive")) {
            assertThat(shadow.getInt(p + ".violatedSteps") * 100.0 / shadow.getInt(p + ".steps"))
                    .isCloseTo(shadow.getDouble(p + ".violationPct"), EXACT);
            assertThat(shadow.getDouble(p + ".unservedDemand")).isCloseTo(shadow.getDouble(p + ".unservedPct")
                    * total(shadow) / 100, Offset.offset(1e-6));
        }

        // Cached: asked again, the same result at once.
        JsonPath again = given().get("/api/v1/pools/" + POOL + "/shadow?days=1").then().statusCode(200).extract()
                .jsonPath(DOUBLES);
        assertThat(again.getString("computedAt")).isEqualTo(shadow.getString("computedAt"));
    }

    /** What simulate wrote (replicas per step) and printed (its figures line, the model of its one day). */
    record Simulated(List<Integer> replicas, String figures, String model) {
    }

    private static Simulated simulate(Path dir, Path trace, Path pool, String name) throws IOException {
        Path out = dir.resolve(name + ".csv");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = new SimulateCommand().run(List.of("--trace", trace.toString(), "--time-col", "timestamp",
                "--value-col", "sessions", "--capacity", "10", "--cold-start", "5", "--pool", pool.toString(),
                "--eval-days", "1", "--out", out.toString()), new PrintStream(stdout, true, UTF_8),
                new PrintStream(stderr, true, UTF_8));
        assertThat(status).as(stderr.toString(UTF_8)).isZero();
        List<Integer> replicas = Files.readAllLines(out).stream().skip(1)
                .map(l -> Integer.parseInt(l.substring(l.indexOf(',') + 1))).toList();
        String figures = stdout.toString(UTF_8).lines().filter(l -> l.startsWith("  violations")).findFirst()
                .orElseThrow().strip();
        // "    <day>: <violations>, <GPU-h> against <oracle> (<ratio>x); <model>"
        String day = stdout.toString(UTF_8).lines().filter(l -> l.startsWith("    ")).findFirst().orElseThrow();
        return new Simulated(replicas, figures, day.substring(day.indexOf("x); ") + 4));
    }

    /** The shadow figures of one policy in simulate's summary format. */
    private static String summary(JsonPath shadow, String policy) {
        String p = policy + ".";
        return String.format(Locale.ROOT, "violations %.2f%% of %d steps, unserved %.3f%%, GPU-h %.1f (oracle %.1f, "
                + "%.3fx), %d scale events, mean %.1f, peak %d replicas", shadow.getDouble(p + "violationPct"),
                shadow.getInt(p + "steps"), shadow.getDouble(p + "unservedPct"), shadow.getDouble(p + "gpuHours"),
                shadow.getDouble("oracleGpuHours"), shadow.getDouble(p + "costRatio"), shadow.getInt(p + "scaleEvents"),
                shadow.getDouble(p + "meanReplicas"), shadow.getInt(p + "peakReplicas"));
    }

    /** The replayed load of the report's own series. */
    private static double total(JsonPath shadow) {
        return shadow.getList("series.demand", Double.class).stream().filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).sum();
    }

    /** Polls until the replay is done (200) or fails. */
    static JsonPath await(String pool, int days) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var res = given().get("/api/v1/pools/" + pool + "/shadow?days=" + days).then().extract();
            if (res.statusCode() == 200) {
                return res.jsonPath(DOUBLES);
            }
            assertThat(res.statusCode()).as(res.body().asString()).isEqualTo(202);
            Thread.sleep(1000);
        }
        throw new AssertionError("the shadow replay of " + pool + " did not finish within " + WAIT);
    }
}
