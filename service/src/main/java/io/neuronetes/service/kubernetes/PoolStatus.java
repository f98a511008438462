package io.neuronetes.service.kubernetes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code status} of an AgentPool as the actuator writes it after a run.
 *
 * @param replicas         serving replicas after the run: pods labelled {@code neuronetes.io/state=serving}
 * @param desiredReplicas  serving replicas the decision asked for
 * @param warmReplicas     warm replicas after the run: ready pods labelled warm (not routed to, able to serve at
 *                         once)
 * @param workloadReplicas the target workload's replicas after the run (serving + warm + starting)
 * @param lastScaleTime   when the workload's replicas were last changed; null keeps the previous value
 * @param servingModel    identifier of the forecast model in use; null when none (reactive only)
 * @param confidence      the forecast's measured confidence in [0, 1]; null when there is no forecast
 * @param selector        the serving pods' selector as a string: the workload's and the serving label (the scale
 *                        subresource's labelSelectorPath)
 * @param conditions      HPA-style conditions
 * @param reasons         every reason of the decision, in the planner's order
 */
public record PoolStatus(int replicas, int desiredReplicas, int warmReplicas, int workloadReplicas,
        Instant lastScaleTime, String servingModel, Double confidence, String selector, List<Condition> conditions,
        List<Reason> reasons) {

    /** Condition types written by the actuator. */
    public static final String ABLE_TO_SCALE = "AbleToScale";
    /** Set True with the decision's leading reason; False when a run failed before deciding. */
    public static final String SCALING_ACTIVE = "ScalingActive";
    /** Set True when a limit (bounds, rate, budget, stabilization, cooldown) changed the decision. */
    public static final String SCALING_LIMITED = "ScalingLimited";
    /**
     * Set False when a newer spec of the pool was refused as invalid, so that it runs on at its last valid one (the
     * one {@code observedGeneration} names); True when the pool runs at its newest spec.
     */
    public static final String SPEC_ACCEPTED = "SpecAccepted";

    public PoolStatus {
        conditions = List.copyOf(conditions);
        reasons = List.copyOf(reasons);
    }

    /**
     * One condition. {@code reason} is a machine-readable code (the planner's reason codes fit the Kubernetes
     * pattern for reasons), {@code message} the human explanation.
     */
    public record Condition(String type, boolean status, String reason, String message) {
        public Condition {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A reason of the decision: its code and message. */
    public record Reason(String code, String message) {
    }

    /**
     * The status as a JSON tree, keeping {@code lastTransitionTime} of conditions whose status did not change,
     * {@code lastScaleTime} when this one has none, and the stored {@code servedSpec} when no spec is given.
     *
     * @param previous   the status currently stored (may be null or empty)
     * @param generation the generation of the AgentPool's spec that the pool runs at
     * @param servedSpec that spec, stored as {@code servedSpec} with {@code servedGeneration} = {@code generation};
     *                   null keeps the stored ones
     * @param now        the time of the run
     */
    public Map<String, Object> toTree(Map<String, Object> previous, Long generation, Map<String, Object> servedSpec,
            Instant now) {
        Map<String, Object> old = previous == null ? Map.of() : previous;
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("observedGeneration", generation);
        tree.put("replicas", replicas);
        tree.put("desiredReplicas", desiredReplicas);
        tree.put("warmReplicas", warmReplicas);
        tree.put("workloadReplicas", workloadReplicas);
        Object scaleTime = lastScaleTime != null ? lastScaleTime.toString() : old.get("lastScaleTime");
        putIfPresent(tree, "lastScaleTime", scaleTime);
        putIfPresent(tree, "servingModel", servingModel);
        putIfPresent(tree, "confidence", confidence);
        putIfPresent(tree, "selector", selector);
        tree.put("conditions", conditions.stream().map(c -> condition(c, old, now)).toList());
        tree.put("reasons", reasons(reasons));
        served(tree, old, generation, servedSpec);
        return tree;
    }

    /**
     * The status after a run whose writes failed: the stored status with only what the run knows replaced, that
     * is the decision ({@code desiredReplicas}, {@code reasons}) and the {@code conditions}. The observed counts,
     * {@code lastScaleTime}, {@code servingModel}, {@code confidence} and {@code selector} keep their stored
     * values: a failed write says nothing new about the workload, and {@code replicas} feeds the pool's scale
     * subresource. Does not mutate {@code previous}.
     *
     * @param previous   the status currently stored (may be null or empty: then only the decision is written)
     * @param generation the generation of the AgentPool's spec that the pool runs at
     * @param servedSpec that spec, as for {@link #toTree}; null keeps the stored one
     * @param now        the time of the run
     */
    public static Map<String, Object> failureTree(Map<String, Object> previous, Long generation,
            Map<String, Object> servedSpec, int desiredReplicas, List<Condition> conditions, List<Reason> reasons,
            Instant now) {
        Map<String, Object> old = previous == null ? Map.of() : previous;
        Map<String, Object> tree = new LinkedHashMap<>(old);
        tree.put("observedGeneration", generation);
        tree.put("desiredReplicas", desiredReplicas);
        tree.put("conditions", conditions.stream().map(c -> condition(c, old, now)).toList());
        tree.put("reasons", reasons(reasons));
        served(tree, old, generation, servedSpec);
        return tree;
    }

    /**
     * The status of a pool that is not served (its spec refused and no valid one known): the stored status with
     * {@code conditions} in place of the stored ones, {@code observedGeneration} the generation refused, and what
     * only a run can claim removed: the decision ({@code desiredReplicas}, {@code reasons}) and the forecast in use
     * ({@code servingModel}, {@code confidence}). The observed figures, {@code lastScaleTime} and {@code selector}
     * stay, as does the stored {@code servedSpec}. Does not mutate {@code previous}.
     */
    public static Map<String, Object> notServedTree(Map<String, Object> previous, Long generation,
            List<Condition> conditions, Instant now) {
        Map<String, Object> old = previous == null ? Map.of() : previous;
        Map<String, Object> tree = new LinkedHashMap<>(old);
        List.of("desiredReplicas", "reasons", "servingModel", "confidence").forEach(tree::remove);
        tree.put("observedGeneration", generation);
        tree.put("conditions", conditions.stream().map(c -> condition(c, old, now)).toList());
        return tree;
    }

    /**
     * Stores {@code servedSpec} with its generation, so that a restart serves it while a newer spec is refused; keeps
     * the stored ones when it is null.
     */
    private static void served(Map<String, Object> tree, Map<String, Object> old, Long generation,
            Map<String, Object> servedSpec) {
        if (servedSpec != null && generation != null) {
            tree.put("servedGeneration", generation);
            tree.put("servedSpec", servedSpec);
        } else if (old.get("servedSpec") != null) {
            tree.put("servedGeneration", old.get("servedGeneration"));
            tree.put("servedSpec", old.get("servedSpec"));
        }
    }

    /**
     * Whether the stored status {@code status} holds condition {@code c} as it is: same type, status, reason and
     * message (its transition time aside).
     */
    public static boolean holds(Map<String, Object> status, Condition c) {
        String value = c.status() ? "True" : "False";
        return status != null && status.get("conditions") instanceof List<?> list && list.stream()
                .anyMatch(o -> o instanceof Map<?, ?> m && c.type().equals(m.get("type"))
                        && value.equals(m.get("status")) && c.reason().equals(m.get("reason"))
                        && c.message().equals(m.get("message")));
    }

    private static List<Map<String, String>> reasons(List<Reason> reasons) {
        return reasons.stream().map(r -> Map.of("code", r.code(), "message", r.message())).toList();
    }

    private static Map<String, Object> condition(Condition c, Map<String, Object> old, Instant now) {
        String status = c.status() ? "True" : "False";
        String since = now.toString();
        if (old.get("conditions") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && c.type().equals(m.get("type")) && status.equals(m.get("status"))
                        && m.get("lastTransitionTime") != null) {
                    since = m.get("lastTransitionTime").toString();
                }
            }
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", c.type());
        tree.put("status", status);
        tree.put("reason", c.reason());
        tree.put("message", c.message());
        tree.put("lastTransitionTime", since);
        return tree;
    }

    private static void putIfPresent(Map<String, Object> tree, String key, Object value) {
        if (value != null) {
            tree.put(key, value);
        }
    }
}
