package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records {@code v1} Events about an AgentPool, shown by {@code kubectl describe agentpool} and
 * {@code kubectl get events}: scale operations ({@code Normal}), failed runs and refused specs ({@code Warning}). An
 * event that repeats the pool's last one (same type, reason and message) within {@link #SERIES_WINDOW} of it is
 * counted on that one ({@code count}, {@code lastTimestamp}, which kubectl shows as {@code x3 over 30s}), as
 * Kubernetes' own event recorders do, so that a run failing every period for an hour leaves one event, not hundreds.
 */
public final class ScaleEventRecorder {

    /** Event reasons. */
    public static final String SCALED_UP = "ScaledUp";
    public static final String SCALED_DOWN = "ScaledDown";
    public static final String WARM_ACTIVATED = "WarmReplicasActivated";
    public static final String FAILED = "ScaleFailed";
    /** A spec of the AgentPool refused as invalid (the reason of the {@code SpecAccepted=False} condition too). */
    public static final String INVALID_SPEC = "InvalidSpec";

    /** The longest object name the API server takes (a DNS subdomain). */
    private static final int MAX_NAME = 253;

    /** How long after a pool's last event the same event is counted on it (client-go's correlator: 10 minutes). */
    static final Duration SERIES_WINDOW = Duration.ofMinutes(10);

    /** The last event recorded about a pool: its name, what it said, how often, and when last. */
    private record Last(String name, String said, int count, Instant at) {
    }

    private final KubernetesClient client;
    private final Map<String, Last> last = new ConcurrentHashMap<>();
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
        String text = NeuronetesApi.bounded(message);
        String key = namespace + "/" + pool;
        String said = warning + "\n" + reason + "\n" + uid + "\n" + text;
        Last before = last.get(key);
        if (before != null && before.said().equals(said) && !now.isBefore(before.at())
                && !now.isAfter(before.at().plus(SERIES_WINDOW))) {
            Event counted = count(namespace, before, reason, pool, now);
            if (counted != null) {
                last.put(key, new Last(before.name(), said, before.count() + 1, now));
                return counted;
            }
        }
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
        Event created = client.v1().events().inNamespace(namespace).resource(event).create();
        last.put(key, new Last(created.getMetadata().getName(), said, 1, now));
        return created;
    }

    /**
     * Counts a repeat on the pool's last event with a merge patch of its count and last time.
     *
     * @return the event as patched, or null when it could not be (gone after its time to live, deleted, or a role
     *         without {@code patch} on events from before this was counted), so that a new one is created
     */
    private Event count(String namespace, Last before, String reason, String pool, Instant now) {
        leadership.require("record event " + reason + " on AgentPool " + namespace + "/" + pool);
        String patch = "{\"count\":" + (before.count() + 1) + ",\"lastTimestamp\":\"" + now + "\"}";
        try {
            // on a stub of the event, so that nothing is read first
            Event stub = new EventBuilder().withNewMetadata().withName(before.name()).withNamespace(namespace)
                    .endMetadata().build();
            return client.v1().events().inNamespace(namespace).resource(stub)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            return null;
        }
    }
}
