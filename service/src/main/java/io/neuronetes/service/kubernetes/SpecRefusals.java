package io.neuronetes.service.kubernetes;

import io.neuronetes.service.pools.PoolOrigin;
import io.neuronetes.service.pools.PoolProblem;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reports refused specs on their AgentPools. Records the {@code InvalidSpec} Warning event on an AgentPool whose
 * spec was refused, once per refusal: the message is that of the {@code SpecAccepted=False} condition (the refused
 * generation, the one the pool runs at or that none is, and the errors, bounded), and a refusal is recorded again
 * only when that message changes (a newer generation refused). And writes the status of an AgentPool that is not
 * served at all ({@link #notServed}), which no run does.
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

    private static final System.Logger LOG = System.getLogger(SpecRefusals.class.getName());

    /** Remembered for a pool whose refusal could not be recorded: equals no message, so the next attempt records. */
    private static final String PENDING = "";

    private final PoolStatusWriter statusWriter;
    private final ScaleEventRecorder events;
    /** By {@code namespace/pool}: the message of the refusal recorded last, or {@link #PENDING}. */
    private final Map<String, String> recorded = new ConcurrentHashMap<>();
    /** By {@code namespace/pool}: the SpecAccepted message of the not-served status this replica wrote last. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();

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

    /**
     * Writes, on every AgentPool that is not served, a status that says so, and records its refusal: conditions
     * {@code SpecAccepted=False} (the generation refused and why), {@code AbleToScale=False} and
     * {@code ScalingActive=False} (reason {@code InvalidSpec}), without the claims of past runs
     * ({@link PoolStatus#notServedTree}). An AgentPool is not served when one of {@code problems} at its origin has
     * no version served in its place. Once written, a status is written again only when its message changes; what is
     * written is forgotten when the pool is served again, deleted, or this replica stands by ({@link #standBy}), so
     * that a replica that leads again writes again where needed (a status equal to the stored one is not written).
     * A failure is logged and tried again at the next call.
     *
     * @throws Leadership.NotLeaderException when this replica stops leading meanwhile
     */
    void notServed(List<PoolProblem> problems, Instant now) {
        Map<String, List<PoolProblem>> pools = unserved(problems);
        reported.keySet().stream().filter(key -> !pools.containsKey(key)).toList().forEach(key -> {
            reported.remove(key);
            recorded.remove(key);
        });
        pools.forEach((key, found) -> {
            List<PoolStatus.Condition> conditions = notServedConditions(found);
            PoolStatus.Condition accepted = conditions.get(conditions.size() - 1);
            if (accepted.message().equals(reported.get(key))) {
                return;
            }
            String namespace = key.substring(0, key.indexOf('/'));
            String pool = key.substring(key.indexOf('/') + 1);
            try {
                record(namespace, pool, accepted, now);
                statusWriter.writeNotServed(namespace, pool, conditions, now);
                reported.put(key, accepted.message());
            } catch (Leadership.NotLeaderException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "AgentPool " + key + " is not served, and its status could not say so (tried "
                        + "again shortly): " + e.getMessage());
            }
        });
    }

    /** Forgets the statuses written: another replica may write meanwhile. */
    void standBy() {
        reported.clear();
    }

    /** The problems of each AgentPool ({@code namespace/name}) that is not served, by pool. */
    static Map<String, List<PoolProblem>> unserved(List<PoolProblem> problems) {
        Set<PoolOrigin> unserved = problems.stream().filter(p -> p.servedRevision().isEmpty())
                .map(PoolProblem::origin).collect(Collectors.toSet());
        Map<String, List<PoolProblem>> pools = new LinkedHashMap<>();
        for (PoolProblem p : problems) {
            if (p.origin().kind() == PoolOrigin.Kind.KUBERNETES && NeuronetesApi.AGENT_POOLS.getKind().equals(p.kind())
                    && unserved.contains(p.origin())) {
                pools.computeIfAbsent(p.origin().location(), k -> new ArrayList<>()).add(p);
            }
        }
        return pools;
    }

    /**
     * The conditions of an AgentPool that is not served, for its {@code problems}: {@code AbleToScale},
     * {@code ScalingActive} and, last, {@code SpecAccepted}, whose message names the generation refused (that of a
     * newer version refused when there is one) and every error, bounded.
     */
    static List<PoolStatus.Condition> notServedConditions(List<PoolProblem> problems) {
        Optional<String> refused = problems.stream().filter(p -> p.servedRevision().isPresent())
                .map(PoolProblem::refusedRevision).flatMap(Optional::stream).findFirst()
                .or(() -> problems.stream().map(PoolProblem::refusedRevision).flatMap(Optional::stream).findFirst());
        List<String> errors = problems.stream().flatMap(p -> p.errors().stream()).distinct().toList();
        String reason = ScaleEventRecorder.INVALID_SPEC;
        return List.of(
                new PoolStatus.Condition(PoolStatus.ABLE_TO_SCALE, false, reason,
                        "the pool is not served: its spec was refused (see SpecAccepted)"),
                new PoolStatus.Condition(PoolStatus.SCALING_ACTIVE, false, reason,
                        "nothing scales the pool's workload, which keeps its size: its spec was refused "
                                + "(see SpecAccepted)"),
                new PoolStatus.Condition(PoolStatus.SPEC_ACCEPTED, false, reason, NeuronetesApi.bounded(
                        refused.map(r -> "the spec of " + r).orElse("the spec") + " was refused and no earlier "
                                + "spec can be served in its place, so the pool is not served: "
                                + String.join("; ", errors))));
    }
}
