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
 * and the replicas it asks for. A query that Prometheus refuses as malformed is reported in the API at its position
 * in the query as written.
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

    /**
     * The guide's Datadog query, sent to Prometheus as PromQL for want of a provider: the decision's problem names
     * the position of the '.' in the query as written (its 10th character), not in the averaged query sent (25th),
     * and shows the text sent.
     */
    @Test
    void aMalformedQueryIsReportedAtItsPositionInTheQueryAsWritten() throws Exception {
        var rt = scaler.runtime("guide-external").orElseThrow(() -> new AssertionError("pool guide-external not "
                + "loaded: " + scaler.registry().problems()));
        PrometheusServiceTest.awaitDecision(rt, r -> !r.problems().isEmpty(), 30);
        var answer = given().get("/api/v1/pools/guide-external/decisions?limit=1").then().statusCode(200).extract()
                .jsonPath();
        assertThat(answer.getString("[0].problems[0].metric")).isEqualTo("datadog-queue-depth");
        assertThat(answer.getString("[0].problems[0].kind")).isEqualTo("ERROR");
        assertThat(answer.getString("[0].problems[0].message")).isEqualTo("guide-external/datadog-queue-depth: "
                + "HTTP 400: bad_data: invalid parameter \"query\": 1:10: parse error: unexpected character: '.' "
                + "(position in the query as written; as sent: "
                + "avg_over_time((avg:queue.depth{service:agents})[59999ms:60s]))");
    }
}
