package io.neuronetes.service.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.time.Instant;
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
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            var last = rt.log().last();
            if (last.isPresent() && p.test(last.get())) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching decision within 20 s; last: " + rt.log().last());
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
                .body(containsString("neuronetes_runs_total{outcome=\"ok\",pool=\"nasa\"}"));
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
