package io.neuronetes.service.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunOutcome;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.neuronetes.forecast.store.FileModelStore;
import io.restassured.path.json.config.JsonPathConfig;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The whole service against a real Prometheus: pools from files, scheduled runs, /metrics, an outage. */
@QuarkusTest
@QuarkusTestResource(value = PrometheusResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusServiceTest {

    static final String TOKEN = "test-token-0123456789abcdef";

    @Inject
    Scaler scaler;

    @BeforeAll
    static void prometheusInstalled() {
        assumeTrue(RealPrometheus.available(), "prometheus and promtool are not installed");
    }

    /** The newest decision of the pool that satisfies {@code p}, waiting up to 20 s for a run to record it. */
    static DecisionRecord awaitDecision(PoolRuntime rt, Predicate<DecisionRecord> p) throws InterruptedException {
        return awaitDecision(rt, p, 20);
    }

    static DecisionRecord awaitDecision(PoolRuntime rt, Predicate<DecisionRecord> p, int seconds)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            var last = rt.log().last();
            if (last.isPresent() && p.test(last.get())) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching decision within " + seconds + " s; last: " + rt.log().last());
    }

    @Test
    @Order(1)
    void goodPoolServedBesideTheBrokenFiles() {
        given().get("/api/v1/pools").then().statusCode(200)
                .body("demo", equalTo(false))
                .body("pools.name", hasItem("nasa"))
                .body("invalid.size()", equalTo(2))
                .body("invalid.find { it.origin.endsWith('bad-spec.yaml') }.errors",
                        hasItem(containsString("spec.minReplicas: must be >= 0")))
                .body("invalid.find { it.origin.endsWith('not-yaml.yaml') }.errors[0]",
                        containsString("line 1, column 26: while parsing a flow sequence"));
        given().get("/metrics").then().statusCode(200)
                .body(containsString("neuronetes_pool_invalid{kind=\"AgentPool\",origin=\"file:"))
                .body(containsString("neuronetes_pool_invalid{kind=\"unreadable\",origin=\"file:"))
                .body(containsString("neuronetes_pools 1.0"));
    }

    @Test
    @Order(2)
    void scheduledRunReadsPrometheusAndRecordsADecision() throws Exception {
        PoolRuntime rt = scaler.runtime("nasa").orElseThrow();
        DecisionRecord d = awaitDecision(rt, r -> r.signals().containsKey("concurrent-sessions"));
        // The live value is the trace's minute at the decision time (a 1m window averages one sample).
        Instant at = d.at();
        int i = PrometheusResource.TRACE.indexOf(Instant.ofEpochSecond(at.getEpochSecond() / 60 * 60));
        double expected = PrometheusResource.TRACE.value(i);
        assertThat(d.signals().get("concurrent-sessions")).isEqualTo(expected);
        assertThat(d.codes()).contains("REACTIVE");
        assertThat(d.actuation().code()).isEqualTo("RECORDED");
        given().get("/api/v1/pools/nasa/decisions?limit=5").then().statusCode(200)
                .body("[0].pool", equalTo("nasa"));
        given().get("/metrics").then().statusCode(200)
                .body(containsString("neuronetes_agentpool_desired_replicas{pool=\"nasa\"}"))
                .body(containsString("neuronetes_concurrent_sessions{pool=\"nasa\",source=\"scaler\"}"))
                .body(containsString("neuronetes_runs_total{outcome=\"ok\",pool=\"nasa\"}"))
                // Present; not necessarily 0: a first run that reads its week of history may outlast a 2 s period.
                .body(containsString("\nneuronetes_run_loop_skipped_ticks_total "));
        // The loop's counters are exported after each one-second tick: the run above may have started after the
        // last export, so the count shows at the next tick at the latest.
        long deadline = System.currentTimeMillis() + 5_000;
        String loopStarted;
        do {
            Thread.sleep(200);
            loopStarted = given().get("/metrics").then().statusCode(200).extract().body().asString();
        } while (!loopStarted.matches("(?s).*\nneuronetes_run_loop_started_total [1-9].*")
                && System.currentTimeMillis() < deadline);
        assertThat(loopStarted).containsPattern("\nneuronetes_run_loop_started_total [1-9]");
    }

    @Test
    @Order(3)
    void retrainWritesAModelWhoseBacktestGivesThePreviewItsConfidence() throws Exception {
        given().header("Authorization", "Bearer " + TOKEN).post("/api/v1/pools/nasa/retrain").then()
                .statusCode(202).body("queued", equalTo(true));
        long deadline = System.currentTimeMillis() + 240_000;
        String outcome = null;
        while (outcome == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            outcome = given().get("/api/v1/pools/nasa").then().extract().path("training.outcome");
        }
        assertThat(outcome).as("retrain outcome").isEqualTo("trained");
        assertThat(Files.isDirectory(PrometheusResource.MODELS.resolve("nasa/concurrent-sessions"))).isTrue();
        var stored = new FileModelStore(PrometheusResource.MODELS, 5).loadLatest("nasa", "concurrent-sessions")
                .orElseThrow();
        @SuppressWarnings("unchecked")
        List<Number> backtest = (List<Number>) stored.metadata().backtest().get("confidence");
        double overall = ((Number) stored.metadata().backtest().get("overallConfidence")).doubleValue();

        var preview = given().get("/api/v1/pools/nasa/forecast").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)); // not float: exact figures
        assertThat(preview.getList("points")).hasSize(10);
        assertThat(preview.getString("model.version")).isEqualTo(stored.version());
        // The forecast's confidence is the backtest's over all steps together, and the steps carry the backtest's
        // figures of each step.
        assertThat(preview.getDouble("confidence")).isCloseTo(overall, within(1e-9));
        for (int h = 0; h < 10; h++) {
            assertThat(preview.getDouble("points[" + h + "].confidence")).isCloseTo(backtest.get(h).doubleValue(),
                    within(1e-9));
            assertThat(preview.getDouble("points[" + h + "].lower"))
                    .isLessThanOrEqualTo(preview.getDouble("points[" + h + "].upper"));
        }
        PoolRuntime rt = scaler.runtime("nasa").orElseThrow();
        DecisionRecord d = awaitDecision(rt, r -> r.forecast() != null && stored.version().equals(
                r.forecast().modelVersion()));
        assertThat(d.forecast().confidence()).isCloseTo(overall, within(1e-9));
        assertThat(d.codes()).containsAnyOf("PREDICTED", "LOW_CONFIDENCE", "REACTIVE");
        given().get("/metrics").then().statusCode(200)
                .body(containsString("neuronetes_model_trainings_total{outcome=\"trained\",pool=\"nasa\"} 1.0"))
                .body(containsString("neuronetes_forecast_confidence{pool=\"nasa\"}"))
                .body(containsString("neuronetes_forecast_upper{metric=\"concurrent-sessions\",pool=\"nasa\"}"))
                .body(containsString("neuronetes_model_backtest_relative_mae{metric=\"concurrent-sessions\","));
    }

    @Test
    @Order(10)
    void prometheusOutageIsReportedHeldAndRecoveredFrom() throws Exception {
        PoolRuntime rt = scaler.runtime("nasa").orElseThrow();
        DecisionRecord before = awaitDecision(rt, r -> r.problems().isEmpty());
        PrometheusResource.PROMETHEUS.stop();
        try {
            DecisionRecord down = awaitDecision(rt, r -> !r.problems().isEmpty());
            assertThat(down.problems().get(0).message()).contains("unreachable");
            assertThat(down.desired()).isGreaterThanOrEqualTo(down.current()); // never lowered on vanished data
            // The pool keeps its last model; once the forecast origin moves on (at the next minute) it forecasts
            // from the history it has cached, and says so.
            DecisionRecord stale = awaitDecision(rt, r -> r.forecast() != null && r.forecast().note() != null
                    && r.forecast().note().contains("forecast from cached history"), 90);
            assertThat(stale.forecast().modelVersion()).isNotEmpty();
            assertThat(stale.desired()).isGreaterThanOrEqualTo(stale.current());
            RunOutcome run = rt.lastRun().orElseThrow();
            assertThat(run.status()).isEqualTo(RunOutcome.Status.DEGRADED);
            given().get("/api/v1/pools/nasa").then().statusCode(200).body("pool.lastRun.status",
                    equalTo("DEGRADED"));
            given().get("/metrics").then().statusCode(200).body(containsString(
                    "neuronetes_run_errors_total{kind=\"error\",pool=\"nasa\",stage=\"metrics\"}"));
        } finally {
            PrometheusResource.PROMETHEUS.restart();
        }
        DecisionRecord after = awaitDecision(rt, r -> r.problems().isEmpty());
        assertThat(after.signals()).containsKey("concurrent-sessions");
        assertThat(rt.lastRun().orElseThrow().status()).isNotEqualTo(RunOutcome.Status.FAILED);
    }
}
