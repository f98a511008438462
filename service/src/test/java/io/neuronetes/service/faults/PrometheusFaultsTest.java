package io.neuronetes.service.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunOutcome;
import io.neuronetes.service.testsupport.FaultProxy;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service against a real Prometheus behind a fault proxy: a slow server (answers after the client's timeout),
 * 503 and 500 answers, empty and NaN results, the server killed in the middle of a query and restarted. For each:
 * no run lowers the pool (the fallback holds the current size), the failure shows in the pool's status and in
 * /metrics, and the runs recover on their own once the fault ends. Last, neither the API token nor Prometheus's
 * bearer token appears in the log or in any API answer.
 */
@QuarkusTest
@QuarkusTestResource(value = FaultsResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusFaultsTest {

    static final String API_TOKEN = "test-token-0123456789abcdef";

    @Inject
    Scaler scaler;

    @BeforeAll
    static void prometheusInstalled() {
        assumeTrue(RealPrometheus.available(), "prometheus and promtool are not installed");
    }

    PoolRuntime pool() {
        return scaler.runtime("faulty").orElseThrow();
    }

    /** Waits up to {@code seconds} for the newest decision to satisfy {@code p}; returns every decision seen. */
    static List<DecisionRecord> awaitDecision(PoolRuntime rt, Predicate<DecisionRecord> p, int seconds)
            throws InterruptedException {
        List<DecisionRecord> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            var last = rt.log().last();
            if (last.isPresent() && (seen.isEmpty() || seen.get(seen.size() - 1) != last.get())) {
                seen.add(last.get());
                if (p.test(last.get())) {
                    return seen;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching decision within " + seconds + " s; last: " + rt.log().last());
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(FaultProxy.Mode.SLOW, MetricOutcome.Kind.ERROR, "timed out after 1000 ms"),
                Arguments.of(FaultProxy.Mode.UNAVAILABLE, MetricOutcome.Kind.ERROR, "503"),
                Arguments.of(FaultProxy.Mode.ERROR, MetricOutcome.Kind.ERROR, "500"),
                Arguments.of(FaultProxy.Mode.EMPTY, MetricOutcome.Kind.EMPTY, "no series"),
                Arguments.of(FaultProxy.Mode.NAN, MetricOutcome.Kind.INVALID, "NaN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    @Order(1)
    void aFaultyAnswerHoldsThePoolShowsAndPasses(FaultProxy.Mode mode, MetricOutcome.Kind kind, String message)
            throws Exception {
        PoolRuntime rt = pool();
        FaultsResource.PROXY.mode(FaultProxy.Mode.PASS);
        DecisionRecord healthy = last(awaitDecision(rt, r -> r.problems().isEmpty()
                && r.signals().containsKey("concurrent-sessions"), 30));
        assertThat(healthy.desired()).as("the pool runs above its schedule floor of 2").isGreaterThan(2);
        FaultsResource.PROXY.mode(mode);
        List<DecisionRecord> during;
        try {
            during = awaitDecision(rt, r -> !r.problems().isEmpty(), 30);
            during.addAll(awaitDecision(rt, r -> r != last(during), 10)); // and one more run under the fault
            DecisionRecord held = last(during);
            assertThat(held.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(kind);
                assertThat(p.message()).contains(message);
            });
            assertThat(held.desired()).isEqualTo(held.current()); // held, not lowered to the floor of 2
            assertThat(rt.lastRun().orElseThrow().status()).isEqualTo(RunOutcome.Status.DEGRADED);
            given().get("/api/v1/pools/faulty").then().statusCode(200)
                    .body("pool.lastRun.status", equalTo("DEGRADED"))
                    .body("pool.lastRun.message", containsString(message));
            given().get("/metrics").then().statusCode(200).body(containsString(
                    "neuronetes_run_errors_total{kind=\"" + kind.name().toLowerCase() + "\",pool=\"faulty\","
                            + "stage=\"metrics\"}"));
            given().get("/api/v1/pools/faulty/forecast").then().statusCode(200);
        } finally {
            FaultsResource.PROXY.mode(FaultProxy.Mode.PASS);
        }
        for (DecisionRecord d : during) {
            if (!d.problems().isEmpty()) {
                assertThat(d.desired()).as("a run under %s at %s", mode, d.at()).isGreaterThanOrEqualTo(d.current());
                assertThat(d.codes()).contains("FALLBACK_HOLD");
            }
        }
        List<DecisionRecord> after = awaitDecision(rt, r -> r.problems().isEmpty(), 30);
        assertThat(last(after).signals()).containsKey("concurrent-sessions");
        assertThat(rt.lastRun().orElseThrow().status()).isEqualTo(RunOutcome.Status.OK);
    }

    @Test
    @Order(2)
    void prometheusKilledInTheMiddleOfAQueryThenRestarted() throws Exception {
        PoolRuntime rt = pool();
        awaitDecision(rt, r -> r.problems().isEmpty(), 30);
        // The next query kills the server before it is forwarded: the query in flight fails like a crash would.
        FaultsResource.PROXY.hook(uri -> {
            FaultsResource.PROXY.hook(null);
            FaultsResource.PROMETHEUS.stop();
        });
        List<DecisionRecord> down;
        try {
            down = awaitDecision(rt, r -> !r.problems().isEmpty(), 30);
            down.addAll(awaitDecision(rt, r -> r != last(down), 10));
            assertThat(last(down).problems().get(0).message()).contains("unreachable");
            assertThat(last(down).desired()).isEqualTo(last(down).current());
            // The preview also reads history from the dead server: it still answers, with what it has.
            given().get("/api/v1/pools/faulty/forecast").then().statusCode(200)
                    .body("decision.reasons.code", org.hamcrest.Matchers.hasItem("FALLBACK_HOLD"));
            given().get("/api/v1/pools/faulty").then().statusCode(200).body("pool.lastRun.status",
                    equalTo("DEGRADED"));
            given().get("/metrics").then().statusCode(200).body(containsString(
                    "neuronetes_run_errors_total{kind=\"error\",pool=\"faulty\",stage=\"metrics\"}"));
        } finally {
            FaultsResource.PROMETHEUS.restart();
        }
        // The list starts with the last run before the kill, which may rightly scale down: only the runs that could
        // not read their metrics must hold.
        for (DecisionRecord d : down) {
            if (!d.problems().isEmpty()) {
                assertThat(d.desired()).as("a run at %s", d.at()).isGreaterThanOrEqualTo(d.current());
                assertThat(d.codes()).contains("FALLBACK_HOLD");
            }
        }
        awaitDecision(rt, r -> r.problems().isEmpty() && r.signals().containsKey("concurrent-sessions"), 30);
        assertThat(rt.lastRun().orElseThrow().status()).isEqualTo(RunOutcome.Status.OK);
    }

    @Test
    @Order(3)
    void tokensNeverReachTheLogOrTheApi() throws Exception {
        // Prometheus got the bearer token on every request.
        assertThat(FaultsResource.PROXY.authorizations).isNotEmpty()
                .allMatch(a -> a.equals("Bearer " + FaultsResource.PROMETHEUS_TOKEN));
        given().header("Authorization", "Bearer wrong-" + FaultsResource.PROMETHEUS_TOKEN).post(
                "/api/v1/pools/faulty/retrain").then().statusCode(403).body(org.hamcrest.Matchers.not(
                containsString(FaultsResource.PROMETHEUS_TOKEN)));
        given().contentType("application/json").header("Authorization", "Bearer " + API_TOKEN)
                .body("{\"pool\":\"faulty\",\"replicas\":3,\"reason\":\"" + "secret check\"}")
                .post("/v1/scale").then().statusCode(200);
        StringBuilder answers = new StringBuilder();
        for (String path : List.of("/api/v1/pools", "/api/v1/pools/faulty", "/api/v1/pools/faulty/decisions",
                "/api/v1/pools/faulty/forecast", "/metrics", "/q/openapi", "/q/health")) {
            answers.append(given().get(path).then().extract().asString());
        }
        String log = Files.readString(FaultsResource.LOG);
        assertThat(log).as("the service log").contains("faulty").contains("override of faulty");
        for (String secret : List.of(API_TOKEN, FaultsResource.PROMETHEUS_TOKEN)) {
            assertThat(log).as("the service log").doesNotContain(secret);
            assertThat(answers.toString()).as("the API answers").doesNotContain(secret);
        }
    }

    static <T> T last(List<T> l) {
        return l.get(l.size() - 1);
    }
}
