package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Event names: unique per instant, per replica of the service, and within the API server's name limit; a repeated
 * event is counted on the one before it.
 */
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

    List<Event> events() {
        return cluster.client.v1().events().inNamespace("agents").list().getItems();
    }

    @Test
    void aRepeatedEventIsCountedOnTheOneBeforeItWithinTheWindow() {
        ScaleEventRecorder r = recorder("scaler-a");
        String failed = "Kubernetes API error 500 while scaling Deployment agents/web: etcd timeout";
        Event first = r.record("agents", "web", "uid-1", true, ScaleEventRecorder.FAILED, failed, T0);
        r.record("agents", "web", "uid-1", true, ScaleEventRecorder.FAILED, failed, T0.plusSeconds(15));
        Event third = r.record("agents", "web", "uid-1", true, ScaleEventRecorder.FAILED, failed, T0.plusSeconds(30));

        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
            assertThat(e.getCount()).isEqualTo(3);
            assertThat(e.getFirstTimestamp()).isEqualTo(T0.toString());
            assertThat(e.getLastTimestamp()).isEqualTo(T0.plusSeconds(30).toString());
        });
        assertThat(third.getCount()).isEqualTo(3);

        // another message, then the first again: each is an event of its own (only the last one is counted on)
        r.record("agents", "web", "uid-1", true, ScaleEventRecorder.FAILED, "another cause", T0.plusSeconds(45));
        r.record("agents", "web", "uid-1", true, ScaleEventRecorder.FAILED, failed, T0.plusSeconds(60));
        assertThat(events()).hasSize(3);
        // another pool's same event is its own
        r.record("agents", "chat", "uid-2", true, ScaleEventRecorder.FAILED, failed, T0.plusSeconds(61));
        assertThat(events()).hasSize(4);
    }

    @Test
    void aRepeatAfterTheWindowOrOfAnEventGoneIsANewEvent() {
        ScaleEventRecorder r = recorder("scaler-a");
        r.record("agents", "web", null, true, ScaleEventRecorder.FAILED, "down", T0);
        r.record("agents", "web", null, true, ScaleEventRecorder.FAILED, "down",
                T0.plus(ScaleEventRecorder.SERIES_WINDOW).plus(Duration.ofSeconds(1)));
        assertThat(events()).hasSize(2).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));

        // the API server drops events after their time to live: the next repeat creates one again
        cluster.client.v1().events().inNamespace("agents").delete();
        assertThat(events()).isEmpty();
        Event again = r.record("agents", "web", null, true, ScaleEventRecorder.FAILED, "down",
                T0.plus(ScaleEventRecorder.SERIES_WINDOW).plus(Duration.ofSeconds(30)));
        assertThat(again.getCount()).isEqualTo(1);
        assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
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
