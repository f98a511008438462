package io.neuronetes.service.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of live signal end to end, against a real Prometheus: a metric type by its default template, an
 * external metric by its own PromQL, a custom metric from a CDI bean, and a Kafka ToolBinding's lag from the
 * exporter's {@code kafka_consumergroup_lag}, fed to the guide's queue formula. The decision carries each value
 * and the replicas it asks for.
 */
@QuarkusTest
@QuarkusTestResource(value = ExternalSignalsResource.class, restrictToAnnotatedClass = true)
class ExternalSignalsTest {

    @Inject
    Scaler scaler;

    @BeforeAll
    static void prometheusInstalled() {
        assumeTrue(RealPrometheus.available(), "prometheus and promtool are not installed");
    }

    @Test
    void everyKindOfSignalIsReadAndDrivesTheDecision() throws Exception {
        var rt = scaler.runtime("chat").orElseThrow(() -> new AssertionError("pool chat not loaded: "
                + scaler.registry().problems()));
        DecisionRecord d = PrometheusServiceTest.awaitDecision(rt, r -> r.signals().containsKey("queue-lag"), 30);

        assertThat(d.problems()).isEmpty();
        assertThat(d.signals())
                .containsEntry("concurrent-sessions", ExternalSignalsResource.SESSIONS)
                .containsEntry("ingress-rps", ExternalSignalsResource.INGRESS_RPS)
                .containsEntry("test-backlog", TestBacklogProvider.BACKLOG)
                // Both partitions of the bound topic, not the other topic.
                .containsEntry("queue-lag", ExternalSignalsResource.LAG_PARTITION_0
                        + ExternalSignalsResource.LAG_PARTITION_1);
        assertThat(TestBacklogProvider.ASKED).contains("chat");

        // Additive signals are pool totals over a target per replica: sessions 20 / 10 = 2, ingress 300 / 10 = 30,
        // backlog 55 / 5 = 11 replicas. The queue: ready + ceil((1200 - ready x 10) / (10 x 1)) = 120 for any ready
        // count up to 120 (prefetch 10, target throughput 1). Strategy max takes the queue's 120.
        assertThat(d.inputs().readings()).anySatisfy(r -> {
            assertThat(r.metric()).isEqualTo("ingress-rps");
            assertThat(r.replicas()).isEqualTo(30);
        });
        assertThat(d.inputs().readings()).anySatisfy(r -> {
            assertThat(r.metric()).isEqualTo("test-backlog");
            assertThat(r.replicas()).isEqualTo(11);
        });
        assertThat(d.inputs().readings()).anySatisfy(r -> {
            assertThat(r.metric()).isEqualTo("queue-lag");
            assertThat(r.replicas()).isEqualTo(120);
        });
        assertThat(d.inputs().reactive()).isEqualTo(120);

        given().get("/api/v1/pools/chat/decisions?limit=1").then().statusCode(200)
                .body(containsString("queue-lag"));
    }
}
