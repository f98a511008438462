package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records {@code v1} Events about an AgentPool, shown by {@code kubectl describe agentpool} and
 * {@code kubectl get events}: scale operations ({@code Normal}) and failed runs ({@code Warning}).
 */
public final class ScaleEventRecorder {

    /** Event reasons. */
    public static final String SCALED_UP = "ScaledUp";
    public static final String SCALED_DOWN = "ScaledDown";
    public static final String WARM_ACTIVATED = "WarmReplicasActivated";
    public static final String FAILED = "ScaleFailed";

    private static final int MAX_MESSAGE = 1024;
    /** The longest object name the API server takes (a DNS subdomain). */
    private static final int MAX_NAME = 253;

    private final KubernetesClient client;
    private final Leadership leadership;
    private final String instance;
    private final String instanceTag;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param instance this replica's identity, written as the event's reporting instance
     */
    public ScaleEventRecorder(KubernetesClient client, Leadership leadership, String instance) {
        this.client = client;
        this.leadership = leadership;
        this.instance = instance;
        this.instanceTag = String.format("%08x", instance.hashCode());
    }

    /**
     * The event's name, like kubectl's ({@code <object>.<time in hex nanoseconds>}) with a sequence for events in
     * the same instant and a tag of this replica's identity: two replicas of the service recording the same
     * decision time (a standby that takes over and applies the same decision again) do not collide.
     */
    String name(String pool, Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() + sequence.getAndIncrement();
        String suffix = "." + Long.toHexString(nanos) + "." + instanceTag;
        return pool.substring(0, Math.min(pool.length(), MAX_NAME - suffix.length())) + suffix;
    }

    /**
     * Creates one Event about AgentPool {@code namespace/pool}.
     *
     * @param uid     the pool's uid, or null when unknown (kubectl describe matches events on it)
     * @param warning {@code Warning} when true, else {@code Normal}
     * @throws Leadership.NotLeaderException when this replica does not lead at the moment of the write
     */
    public Event record(String namespace, String pool, String uid, boolean warning, String reason, String message,
            Instant now) {
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        Event event = new EventBuilder()
                .withNewMetadata().withName(name(pool, now)).withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(NeuronetesApi.API_VERSION)
                        .withKind("AgentPool").withNamespace(namespace).withName(pool).withUid(uid).build())
                .withType(warning ? "Warning" : "Normal")
                .withReason(reason)
                .withMessage(text)
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withCount(1)
                .withNewSource().withComponent(NeuronetesApi.COMPONENT).endSource()
                .withReportingComponent(NeuronetesApi.COMPONENT)
                .withReportingInstance(instance)
                .build();
        leadership.require("record event " + reason + " on AgentPool " + namespace + "/" + pool);
        return client.v1().events().inNamespace(namespace).resource(event).create();
    }
}
