package io.neuronetes.service.kubernetes;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the {@code InvalidSpec} Warning event on an AgentPool whose spec was refused, once per refusal: the
 * message is that of the {@code SpecAccepted=False} condition (the refused generation, the one the pool runs at and
 * the errors, bounded), and a refusal is recorded again only when that message changes (a newer generation refused).
 *
 * <p>What was recorded is remembered per pool. The first time this replica meets a pool's refusal (after its start,
 * or after the pool came back) it reads the AgentPool: when the stored status already shows that very condition,
 * another replica (the leader before a failover) or this one before a restart recorded the event, since the event
 * is recorded before the status is written; so it is not recorded again. When the event cannot be written, the
 * refusal is recorded at the next attempt whatever the status then shows (the run failed, and its status write may
 * have shown the refusal all the same). A repeat that reaches the API server all the same (an attempt repeated after
 * a failure) is counted on the event by {@link ScaleEventRecorder}.
 *
 * <p>Writes go through {@link ScaleEventRecorder}, which checks {@link Leadership} before each: only the leader
 * records. Thread-safe; calls for one pool are not concurrent (its runs are not).
 */
final class SpecRefusals {

    /** Remembered for a pool whose refusal could not be recorded: equals no message, so the next attempt records. */
    private static final String PENDING = "";

    private final PoolStatusWriter statusWriter;
    private final ScaleEventRecorder events;
    /** By {@code namespace/pool}: the message of the refusal recorded last, or {@link #PENDING}. */
    private final Map<String, String> recorded = new ConcurrentHashMap<>();

    SpecRefusals(PoolStatusWriter statusWriter, ScaleEventRecorder events) {
        this.statusWriter = statusWriter;
        this.events = events;
    }

    /**
     * Records the event of {@code accepted}, the pool's {@code SpecAccepted} condition, when it is False and was not
     * recorded yet; forgets the pool's refusal when it is True.
     *
     * @throws Leadership.NotLeaderException when this replica does not lead at the moment of the write
     * @throws io.fabric8.kubernetes.client.KubernetesClientException on API errors
     */
    void record(String namespace, String pool, PoolStatus.Condition accepted, Instant now) {
        String key = namespace + "/" + pool;
        if (accepted.status()) {
            recorded.remove(key);
            return;
        }
        String before = recorded.get(key);
        if (accepted.message().equals(before)) {
            return;
        }
        try {
            PoolStatusWriter.Stored stored = statusWriter.read(namespace, pool);
            if (stored == null) {
                return; // deleted meanwhile: nothing to attach the event to
            }
            if (before == null && PoolStatus.holds(stored.status(), accepted)) {
                recorded.put(key, accepted.message()); // recorded before this replica met it
                return;
            }
            events.record(namespace, pool, stored.uid(), true, ScaleEventRecorder.INVALID_SPEC, accepted.message(),
                    now);
            recorded.put(key, accepted.message());
        } catch (RuntimeException e) {
            recorded.put(key, PENDING);
            throw e;
        }
    }

    /** Forgets what was recorded for pool {@code pool}, in whichever namespace: it is no longer served. */
    void forget(String pool) {
        recorded.keySet().removeIf(key -> key.endsWith("/" + pool));
    }
}
