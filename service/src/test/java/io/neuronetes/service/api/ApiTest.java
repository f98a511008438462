package io.neuronetes.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.neuronetes.service.app.Scaler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The REST API on the embedded default (no Prometheus configured: the bundled pool replaying its trace). */
@QuarkusTest
class ApiTest {

    static final String TOKEN = "test-token-0123456789abcdef";

    @Inject
    Scaler scaler;
    @Inject
    io.neuronetes.service.app.Demo demo;
    @Inject
    io.neuronetes.service.app.Forecasts forecasts;

    @Test
    void listsTheBundledPool() {
        given().get("/api/v1/pools").then().statusCode(200)
                .body("demo", equalTo(true))
                .body("actuator", equalTo("dry-run"))
                .body("pools.name", hasItem("demo-nasa"));
    }

    /**
     * The page's own files (its HTML, script and style, at unversioned paths) are revalidated on every load, so that
     * a browser sees an upgraded service's page at once instead of running the old script against the new API for a
     * day ("immutable, max-age=86400" was the default).
     */
    @Test
    void thePageIsRevalidatedSoThatAnUpgradeIsSeenAtOnce() {
        for (String path : java.util.List.of("/", "/index.html", "/page.css", "/js/preview.js")) {
            String cache = given().get(path).then().statusCode(200).extract().header("Cache-Control");
            assertThat(cache).as(path).containsAnyOf("max-age=0", "no-cache");
        }
    }

    @Test
    void previewShowsTheReplayedSignalAndTheDecisionWithItsReasons() {
        var res = given().get("/api/v1/pools/demo-nasa/forecast").then().statusCode(200)
                // its bytes are written as they were serialized: the type says they are UTF-8, as the others do
                .header("Content-Type", equalToIgnoringCase("application/json;charset=UTF-8"))
                .body("pool", equalTo("demo-nasa"))
                .body("reactive.readings[0].metric", equalTo("concurrent-sessions"))
                .body("decision.reasons.code", hasItem(anyOf(equalTo("REACTIVE"), equalTo("PREDICTED"),
                        equalTo("SCHEDULE_FLOOR"))))
                .extract().jsonPath();
        // The test clock starts at Monday 12:00 UTC: the replayed minute is the trace's Monday 12:00 (1995-08-21 or
        // 1995-08-28, same weekday and time), and the window of 1m averages exactly that one minute.
        java.time.Instant at = java.time.Instant.parse(res.getString("at"));
        double expected = demo.metricsSource().valueAt(at);
        assertThat(res.getDouble("signals.concurrent-sessions")).isEqualTo(expected);
        assertThat(at.atZone(java.time.ZoneOffset.UTC).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(res.getString("schedule.name")).isEqualTo("weekday-morning"); // fired at 08:00 Monday
    }

    @Test
    void previewIsReusedBrieflyAndRecomputedWhenThePoolChanges() throws Exception {
        var rt = scaler.runtime("demo-nasa").orElseThrow();
        long trained = System.currentTimeMillis() + 60_000;
        while (forecasts.serving("demo-nasa").isEmpty() && System.currentTimeMillis() < trained) {
            Thread.sleep(50); // the bundled pool's model is trained at start
        }
        Object state = rt.state().orElse(null);
        Object model = forecasts.serving("demo-nasa").orElse(null);
        String first = given().get("/api/v1/pools/demo-nasa/forecast").then().statusCode(200).extract().asString();
        String again = given().get("/api/v1/pools/demo-nasa/forecast").then().statusCode(200).extract().asString();
        if (rt.state().orElse(null) == state && forecasts.serving("demo-nasa").orElse(null) == model) {
            // No run and no new model in between: within the reuse time the same preview, its "at" included, is
            // served again.
            assertThat(again).isEqualTo(first);
        }
        String other = given().get("/api/v1/pools/demo-nasa/forecast?horizon=5").then().statusCode(200)
                .extract().asString();
        assertThat(io.restassured.path.json.JsonPath.from(other).getList("points")).hasSize(5);
        // A run makes a new pool state, and the next preview is computed afresh.
        java.time.Instant at = java.time.Instant.parse(io.restassured.path.json.JsonPath.from(again).getString("at"));
        Object before = rt.state().orElse(null);
        scaler.runNow("demo-nasa");
        long deadline = System.currentTimeMillis() + 10_000;
        while (rt.state().orElse(null) == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        String after = given().get("/api/v1/pools/demo-nasa/forecast").then().statusCode(200).extract().asString();
        assertThat(java.time.Instant.parse(io.restassured.path.json.JsonPath.from(after).getString("at")))
                .isAfter(at);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("unknown pool", "/api/v1/pools/nope", 404, "no pool named 'nope'"),
                Arguments.of("unknown pool preview", "/api/v1/pools/nope/forecast", 404, "no pool named 'nope'"),
                Arguments.of("horizon not a number", "/api/v1/pools/demo-nasa/forecast?horizon=soon", 400,
                        "horizon: expected minutes 1..1440"),
                Arguments.of("horizon beyond a day", "/api/v1/pools/demo-nasa/forecast?horizon=2000", 400,
                        "horizon: expected minutes 1..1440"),
                Arguments.of("limit zero", "/api/v1/pools/demo-nasa/decisions?limit=0", 400,
                        "limit: expected a whole number in 1..200, got '0'"),
                // a misspelt parameter would be ignored and the default answered
                Arguments.of("a parameter the preview does not take", "/api/v1/pools/demo-nasa/forecast?horizn=15",
                        400, "query parameter 'horizn': this endpoint takes horizon"),
                Arguments.of("a parameter on an endpoint that takes none", "/api/v1/pools?pool=demo-nasa", 400,
                        "query parameter 'pool': this endpoint takes none"),
                Arguments.of("a parameter given twice", "/api/v1/pools/demo-nasa/decisions?limit=5&limit=500", 400,
                        "limit: given 2 times; give it once"),
                Arguments.of("a parameter given twice, once empty", "/api/v1/pools/demo-nasa/forecast?horizon=15"
                        + "&horizon=", 400, "horizon: given 2 times; give it once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsGetAClearMessage(String name, String path, int status, String message) {
        given().get(path).then().statusCode(status).contentType(ContentType.JSON)
                .body("error", containsString(message));
    }

    static Stream<Arguments> overrideAuth() {
        return Stream.of(
                Arguments.of("no header", null, 401),
                Arguments.of("not bearer", "Basic dXNlcjpwYXNz", 401),
                Arguments.of("wrong token", "Bearer wrong-token-0123456789", 403),
                Arguments.of("right token", "Bearer " + TOKEN, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overrideAuth")
    void overrideNeedsTheToken(String name, String header, int status) {
        var req = given().contentType(ContentType.JSON)
                .body("{\"pool\":\"demo-nasa\",\"replicas\":6,\"reason\":\"traffic-spike-detected\"}");
        if (header != null) {
            req = req.header("Authorization", header);
        }
        var res = req.post("/v1/scale").then().statusCode(status);
        if (status == 401) {
            res.header("WWW-Authenticate", containsString("Bearer"));
        }
    }

    /** A horizon past the serving model's is refused in the minutes the caller asked for, with the model's reach. */
    @Test
    void aHorizonPastTheServingModelIsRefusedInMinutes() throws Exception {
        long trained = System.currentTimeMillis() + 60_000;
        while (forecasts.serving("demo-nasa").isEmpty() && System.currentTimeMillis() < trained) {
            Thread.sleep(50); // the bundled pool's model is trained at start
        }
        int steps = forecasts.serving("demo-nasa").orElseThrow().model().horizon(); // steps of 60 s
        given().get("/api/v1/pools/demo-nasa/forecast?horizon=2h").then().statusCode(400)
                .body("error", equalTo("horizon: 120 minutes is past the serving model's horizon of " + steps
                        + " minutes (" + steps + " steps of 60 s)"));
    }

    @Test
    void overrideIsRecordedWithItsReason() throws Exception {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN)
                .body("{\"pool\":\"demo-nasa\",\"replicas\":99,\"reason\":\"launch event\"}")
                .post("/v1/scale").then().statusCode(200)
                .body("replicas", equalTo(30)) // clamped to maxReplicas
                .body("requested", equalTo(99));
        var rt = scaler.runtime("demo-nasa").orElseThrow();
        long deadline = System.currentTimeMillis() + 10_000;
        // Waits for this override's decision: an earlier test's override may still be in force.
        while (rt.log().last().map(d -> d.reasons().stream().noneMatch(r -> r.message().contains("launch event")))
                .orElse(true) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(rt.log().last().orElseThrow().reasons()).anySatisfy(r -> {
            assertThat(r.code()).isEqualTo("OVERRIDE");
            assertThat(r.message()).contains("launch event");
        });
        given().get("/api/v1/pools/demo-nasa").then().statusCode(200).body("pool.override.reason",
                equalTo("launch event"));
        given().get("/metrics").then().statusCode(200)
                .body(containsString("neuronetes_agentpool_overrides_total{pool=\"demo-nasa\"}"))
                .body(containsString("neuronetes_agentpool_desired_replicas{pool=\"demo-nasa\"} 30.0"));
    }

    static Stream<Arguments> badOverrides() {
        return Stream.of(
                Arguments.of("not an object", "[1,2]", 400, "body: expected a JSON object"),
                Arguments.of("replicas text", "{\"pool\":\"demo-nasa\",\"replicas\":\"ten\",\"reason\":\"x\"}", 400,
                        "replicas: expected a whole number >= 0"),
                Arguments.of("negative replicas", "{\"pool\":\"demo-nasa\",\"replicas\":-1,\"reason\":\"x\"}", 400,
                        "replicas: expected a whole number >= 0"),
                Arguments.of("replicas past the largest count",
                        "{\"pool\":\"demo-nasa\",\"replicas\":99999999999,\"reason\":\"x\"}", 400,
                        "replicas: expected a whole number >= 0, at most 2147483647, got 99999999999"),
                Arguments.of("fractional replicas", "{\"pool\":\"demo-nasa\",\"replicas\":2.5,\"reason\":\"x\"}",
                        400, "replicas: expected a whole number >= 0, got 2.5"),
                Arguments.of("pool a number", "{\"pool\":5,\"replicas\":3,\"reason\":\"x\"}", 400,
                        "pool: expected a non-empty string, got 5"),
                Arguments.of("reason an object",
                        "{\"pool\":\"demo-nasa\",\"replicas\":3,\"reason\":{\"a\":1}}", 400,
                        "reason: expected a non-empty string, got {\"a\":1}"),
                Arguments.of("no reason", "{\"pool\":\"demo-nasa\",\"replicas\":3}", 400,
                        "reason: expected a non-empty string"),
                Arguments.of("empty reason", "{\"pool\":\"demo-nasa\",\"replicas\":3,\"reason\":\"\"}", 400,
                        "reason: expected a non-empty string, got an empty one"),
                Arguments.of("NaN replicas", "{\"pool\":\"demo-nasa\",\"replicas\":NaN,\"reason\":\"x\"}", 400,
                        "body: not valid JSON: NaN is not a JSON number (line 1, column 32)"),
                Arguments.of("unknown field", "{\"pool\":\"demo-nasa\",\"replicas\":3,\"reason\":\"x\",\"y\":1}", 400,
                        "y: unknown field"),
                Arguments.of("text after the object", "{\"pool\":\"demo-nasa\",\"replicas\":3,\"reason\":\"x\"} x",
                        400, "body: not valid JSON"),
                Arguments.of("a field twice", "{\"pool\":\"demo-nasa\",\"replicas\":3,\"replicas\":30,\"reason\":\"x\"}",
                        400, "body: not valid JSON: duplicate field 'replicas'"),
                Arguments.of("DEL in the reason", "{\"pool\":\"demo-nasa\",\"replicas\":3,\"reason\":\"a\\u007fb\"}",
                        400, "reason: control characters are not allowed"),
                Arguments.of("unknown pool", "{\"pool\":\"nope\",\"replicas\":3,\"reason\":\"x\"}", 404,
                        "no pool named 'nope'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOverrides")
    void badOverrideBodiesAreRefused(String name, String body, int status, String message) {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN).body(body)
                .post("/v1/scale").then().statusCode(status).body("error", containsString(message));
    }

    /** JSON has one kind of number: 10, 10.0 and 1e1 are the same whole number of replicas. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"10.0", "1e1", "1.0E1"})
    void aWholeNumberOfReplicasIsAcceptedInAnyNotation(String replicas) {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN)
                .body("{\"pool\":\"demo-nasa\",\"replicas\":" + replicas + ",\"reason\":\"notation\"}")
                .post("/v1/scale").then().statusCode(200).body("requested", equalTo(10));
        given().header("Authorization", "Bearer " + TOKEN).delete("/v1/scale/demo-nasa").then().statusCode(200);
    }

    @Test
    void oversizedBodyIsRefused() {
        String big = "{\"pool\":\"demo-nasa\",\"replicas\":3,\"reason\":\"" + "x".repeat(40_000) + "\"}";
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN).body(big)
                .post("/v1/scale").then().statusCode(413);
    }

    @Inject
    io.neuronetes.service.config.NeuronetesConfig config;

    static final String KEPT = """
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata:
              name: kept
            spec:
              minReplicas: 1
              maxReplicas: %s
              autoscaling:
                metrics:
                  - type: tokens-in-queue
                    target: "1000"
                    averagingWindow: 30s
                behavior:
                  scaleUp: {periodSeconds: 1}
                  scaleDown: {periodSeconds: 1}
            """;

    /**
     * A pool whose file an edit breaks runs on at its last valid version, through the whole service: the same
     * runtime keeps deciding, the API shows the version served and the refused one's error, the metric reports the
     * file; the fixed file replaces it, its deletion removes it. The folder is rescanned every 5 s.
     */
    @Test
    void aPoolWhoseFileAnEditBreaksRunsOnAtItsLastValidVersion() throws Exception {
        java.nio.file.Path file = config.pools().folder().resolve("kept.yaml");
        java.nio.file.Files.createDirectories(file.getParent());
        try {
            java.nio.file.Files.writeString(file, KEPT.formatted("6"));
            var rt = awaitValue(() -> scaler.runtime("kept").filter(r -> r.log().last().isPresent()));
            var first = rt.log().newest(50).get(rt.log().newest(50).size() - 1);

            // A valid document with an invalid spec: the refused version is named by its content hash.
            String invalid = KEPT.formatted("6").replace("minReplicas: 1", "minReplicas: -1");
            java.nio.file.Files.writeString(file, invalid);
            awaitValue(() -> scaler.registry().refused("kept"));
            String hash = io.neuronetes.service.pools.YamlDocuments.revision(
                    io.neuronetes.service.pools.YamlDocuments.read(invalid).documents().get(0));
            String servedHash = io.neuronetes.service.pools.YamlDocuments.revision(
                    io.neuronetes.service.pools.YamlDocuments.read(KEPT.formatted("6")).documents().get(0));
            given().get("/api/v1/pools/kept").then().statusCode(200)
                    .body("pool.refused.servedRevision", equalTo(servedHash))
                    .body("pool.refused.refusedRevision", equalTo(hash))
                    .body("pool.refused.errors[0]", startsWith("spec.minReplicas: "));

            // Unreadable YAML: no refused version can be named.
            java.nio.file.Files.writeString(file, KEPT.formatted("[8"));
            awaitValue(() -> scaler.registry().refused("kept").filter(p -> p.kind().isEmpty()));
            var pool = given().get("/api/v1/pools/kept").then().statusCode(200)
                    .body("pool.maxReplicas", equalTo(6))
                    .body("pool.refused.origin", equalTo("file:" + file))
                    .body("pool.refused.errors[0]", containsString(", column "))
                    .body("pool.refused.refusedRevision", nullValue())
                    .extract().jsonPath();
            String served = pool.getString("pool.refused.servedRevision");
            assertThat(served).isEqualTo(servedHash);
            given().get("/api/v1/pools").then().statusCode(200)
                    .body("pools.find { it.name == 'kept' }.refused.servedRevision", equalTo(served))
                    .body("invalid.find { it.origin == 'file:" + file + "' }.servedRevision", equalTo(served))
                    .body("invalid.find { it.origin == 'file:" + file + "' }.name", equalTo("kept"));
            given().get("/metrics").then().statusCode(200)
                    .body(containsString("neuronetes_pool_invalid{kind=\"unreadable\",origin=\"file:" + file
                            + "\"} 1.0"))
                    .body(containsString("neuronetes_agentpool_desired_replicas{pool=\"kept\"}"));
            var before = rt.log().last().orElseThrow();
            awaitValue(() -> rt.log().last().filter(d -> d.at().isAfter(before.at()))); // it still runs
            assertThat(scaler.runtime("kept")).containsSame(rt);

            java.nio.file.Files.writeString(file, KEPT.formatted("8"));
            awaitValue(() -> scaler.registry().pool("kept").filter(e -> e.pool().maxReplicas() == 8));
            given().get("/api/v1/pools/kept").then().statusCode(200).body("pool.refused", nullValue());
            assertThat(scaler.runtime("kept")).containsSame(rt);
            assertThat(rt.log().newest(50)).contains(first); // its decisions are kept
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        awaitValue(() -> scaler.runtime("kept").isEmpty() ? java.util.Optional.of(true) : java.util.Optional.empty());
        given().get("/api/v1/pools/kept").then().statusCode(404);
    }

    /** The value, once {@code probe} finds one; the folder is rescanned every 5 s, so waits up to 20 s. */
    static <T> T awaitValue(java.util.function.Supplier<java.util.Optional<T>> probe) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        java.util.Optional<T> v = probe.get();
        while (v.isEmpty()) {
            assertThat(System.currentTimeMillis()).as("within 20 s").isLessThan(deadline);
            Thread.sleep(100);
            v = probe.get();
        }
        return v.get();
    }

    /** The pool's last decision, once one satisfies {@code wanted} (runs are asynchronous). */
    io.neuronetes.service.runs.DecisionRecord awaitDecision(
            java.util.function.Predicate<io.neuronetes.service.runs.DecisionRecord> wanted) throws Exception {
        var rt = scaler.runtime("demo-nasa").orElseThrow();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!rt.log().last().map(wanted::test).orElse(false) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return rt.log().last().orElseThrow();
    }

    static io.restassured.response.Response override(String reason) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN)
                .body("{\"pool\":\"demo-nasa\",\"replicas\":7,\"reason\":\"" + reason + "\"}").post("/v1/scale");
    }

    @Test
    void anEndedOverrideLetsThePlannerDecideAgainFromTheNextRun() throws Exception {
        override("before the end").then().statusCode(200);
        awaitDecision(d -> d.reasons().stream().anyMatch(r -> r.message().contains("before the end")));

        given().header("Authorization", "Bearer " + TOKEN).queryParam("reason", "spike over")
                .delete("/v1/scale/demo-nasa").then().statusCode(200).contentType(ContentType.JSON)
                .body("pool", equalTo("demo-nasa"))
                .body("ended.replicas", equalTo(7))
                .body("ended.reason", equalTo("before the end"))
                .body("ended.until", notNullValue())
                .body("reason", equalTo("spike over"));

        var next = awaitDecision(d -> !d.override());
        assertThat(next.override()).isFalse();
        assertThat(next.codes()).doesNotContain("OVERRIDE");
        given().get("/api/v1/pools/demo-nasa").then().statusCode(200).body("pool.override", nullValue());
        given().get("/metrics").then().statusCode(200)
                .body(containsString("neuronetes_agentpool_override_active{pool=\"demo-nasa\"} 0.0"));

        // none in force any more: 200 all the same, saying so, so that a script need not ask first (and an empty
        // reason is none)
        given().header("Authorization", "Bearer " + TOKEN).queryParam("reason", "").delete("/v1/scale/demo-nasa")
                .then().statusCode(200)
                .body("pool", equalTo("demo-nasa")).body("ended", nullValue()).body("reason", nullValue());
    }

    static Stream<Arguments> endRefusals() {
        return Stream.of(
                // name, Authorization header, reason, path, status, the error contains
                Arguments.of("no header", null, null, "/v1/scale/demo-nasa", 401, "Authorization: Bearer"),
                Arguments.of("not bearer", "Basic dXNlcjpwYXNz", null, "/v1/scale/demo-nasa", 401,
                        "Authorization: Bearer"),
                Arguments.of("wrong token", "Bearer wrong-token-0123456789", null, "/v1/scale/demo-nasa", 403,
                        "wrong token"),
                Arguments.of("unknown pool", "Bearer " + TOKEN, null, "/v1/scale/nope", 404, "no pool named 'nope'"),
                Arguments.of("blank reason", "Bearer " + TOKEN, "  ", "/v1/scale/demo-nasa", 400,
                        "reason: expected a non-empty string, got only whitespace"),
                Arguments.of("reason too long", "Bearer " + TOKEN, "x".repeat(257), "/v1/scale/demo-nasa", 400,
                        "reason: longer than 256 characters"),
                Arguments.of("control characters in the reason", "Bearer " + TOKEN, "a\u0007b", "/v1/scale/demo-nasa",
                        400, "reason: control characters are not allowed"),
                Arguments.of("DEL in the reason", "Bearer " + TOKEN, "a\u007fb", "/v1/scale/demo-nasa", 400,
                        "reason: control characters are not allowed"),
                Arguments.of("a C1 control in the reason", "Bearer " + TOKEN, "a\u009bb", "/v1/scale/demo-nasa", 400,
                        "reason: control characters are not allowed"),
                Arguments.of("two reasons", "Bearer " + TOKEN, null, "/v1/scale/demo-nasa?reason=a&reason=b", 400,
                        "reason: given 2 times; give it once"),
                Arguments.of("a misspelt reason", "Bearer " + TOKEN, null, "/v1/scale/demo-nasa?raeson=done", 400,
                        "query parameter 'raeson': this endpoint takes reason"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endRefusals")
    void anEndThatIsRefusedLeavesTheOverrideInForce(String name, String header, String reason, String path,
            int status, String message) throws Exception {
        override("held through a refused end").then().statusCode(200);
        var req = given();
        if (header != null) {
            req = req.header("Authorization", header);
        }
        if (reason != null) {
            req = req.queryParam("reason", reason);
        }
        var res = req.delete(path).then().statusCode(status).contentType(ContentType.JSON)
                .body("error", containsString(message));
        if (status == 401) {
            res.header("WWW-Authenticate", containsString("Bearer"));
        }
        given().get("/api/v1/pools/demo-nasa").then().statusCode(200)
                .body("pool.override.reason", equalTo("held through a refused end"));
    }

    @Test
    void thePoolsSpecShowsDurationsAsTheGuideWritesThem() {
        // bundled demo pool: coldStart: 5m, lookbackWindow: 7d
        given().get("/api/v1/pools/demo-nasa").then().statusCode(200)
                .body("spec.coldStart", equalTo("5m"))
                .body("spec.lookbackWindow", equalTo("7d"));
    }

    @Test
    void retrainNeedsTheToken() {
        given().post("/api/v1/pools/demo-nasa/retrain").then().statusCode(401);
        given().header("Authorization", "Bearer nope-nope-nope-nope").post("/api/v1/pools/demo-nasa/retrain")
                .then().statusCode(403);
        given().header("Authorization", "Bearer " + TOKEN).post("/api/v1/pools/nope/retrain").then().statusCode(404);
    }

    @Test
    void openApiAndHealthAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/pools/{pool}/forecast"))
                .body(containsString("/v1/scale"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
