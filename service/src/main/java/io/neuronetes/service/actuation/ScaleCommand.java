package io.neuronetes.service.actuation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a scaling run (or a manual override) asks an {@link Actuator} to make true for one pool. Built by the
 * service from the planner's decision, so actuators need no planner types.
 *
 * @param pool          the pool's name
 * @param namespace     the pool's namespace ({@code default} for pools from files)
 * @param target        the workload to scale
 * @param replicas      serving replicas wanted (the workload's replica count minus warm replicas), &gt;= 0
 * @param warmReplicas  warm replicas wanted beside the serving ones, &gt;= 0
 * @param activations   warm replicas to switch to serving now (Warm to Serving), &gt;= 0
 * @param reasons       why, in the planner's order; never empty
 * @param decidedAt     when the decision was made
 * @param modelVersion  the serving model's version, or empty when none was used
 * @param confidence    the forecast's confidence in [0, 1], or NaN when there was no forecast
 * @param override      whether this comes from a manual override ({@code POST /v1/scale}) rather than the planner
 */
public record ScaleCommand(String pool, String namespace, WorkloadRef target, int replicas, int warmReplicas,
        int activations, List<Reason> reasons, Instant decidedAt, String modelVersion, double confidence,
        boolean override) {

    /** One reason of a decision: a code such as {@code PREDICTED} or {@code SCALE_UP_LIMIT}, and a message. */
    public record Reason(String code, String message) {
        public Reason {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    public ScaleCommand {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(modelVersion, "modelVersion");
        reasons = List.copyOf(reasons);
        if (replicas < 0 || warmReplicas < 0 || activations < 0) {
            throw new IllegalArgumentException("replica counts must be >= 0: replicas=" + replicas + ", warm="
                    + warmReplicas + ", activations=" + activations);
        }
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a scale command needs at least one reason");
        }
    }

    /** The total replica count of the workload: serving plus warm. */
    public int totalReplicas() {
        return replicas + warmReplicas;
    }
}
