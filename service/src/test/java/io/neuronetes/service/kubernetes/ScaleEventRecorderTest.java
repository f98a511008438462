package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event names: unique per instant, per replica of the service, and within the API server's name limit. */
class ScaleEventRecorderTest {

    static final Instant T0 = KubernetesActuatorTest.T0;

    MockCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    ScaleEventRecorder recorder(String instance) {
        return new ScaleEventRecorder(cluster.client, Leadership.always(), instance);
    }

    @Test
    void twoReplicasRecordingTheSameDecisionTimeBothGetTheirEvent() {
        Event a = recorder("scaler-a").record("agents", "web", null, false, ScaleEventRecorder.SCALED_UP, "up", T0);
        Event b = recorder("scaler-b").record("agents", "web", null, false, ScaleEventRecorder.SCALED_UP, "up", T0);
        assertThat(a.getMetadata().getName()).isNotEqualTo(b.getMetadata().getName()).startsWith("web.");
        assertThat(cluster.client.v1().events().inNamespace("agents").list().getItems()).hasSize(2);
    }

    @Test
    void namesDifferWithinOneInstantAndStayWithinTheNameLimit() {
        ScaleEventRecorder r = recorder("scaler-a");
        assertThat(r.name("web", T0)).isNotEqualTo(r.name("web", T0));
        String longPool = "p".repeat(253);
        assertThat(r.name(longPool, T0)).hasSizeLessThanOrEqualTo(253).startsWith("ppp")
                .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    }
}
