package io.neuronetes.service.actuation;

import java.util.Objects;

/**
 * The state of a pool's workload as its {@link Actuator} sees it, read at the start of each scaling run.
 *
 * @param status   whether the counts are known
 * @param replicas serving replicas the workload has (spec), or -1 when not {@link Status#OBSERVED}
 * @param ready    serving replicas that are ready, or -1 when not observed
 * @param warm     warm replicas: ready and not routed to, so that they can serve as soon as they are switched to
 *                 serving; or -1 when not observed
 * @param starting the workload's other replicas: not serving and not ready yet (pending, loading their model, or
 *                 not created yet); or -1 when not observed
 * @param message  detail; names the cause when the status is {@link Status#FAILED}
 */
public record WorkloadObservation(Status status, int replicas, int ready, int warm, int starting, String message) {

    /** Whether the counts could be read. */
    public enum Status {
        /** The counts are current. */
        OBSERVED,
        /** Nothing is known yet (a dry-run pool before its first decision): the run starts from the spec's minimum. */
        UNKNOWN,
        /** Reading failed (API server unreachable, workload missing); the run must not scale down on this. */
        FAILED
    }

    public WorkloadObservation {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static WorkloadObservation observed(int replicas, int ready, int warm, int starting) {
        return new WorkloadObservation(Status.OBSERVED, replicas, ready, warm, starting, "");
    }

    public static WorkloadObservation unknown(String why) {
        return new WorkloadObservation(Status.UNKNOWN, -1, -1, -1, -1, why);
    }

    public static WorkloadObservation failed(String why) {
        return new WorkloadObservation(Status.FAILED, -1, -1, -1, -1, why);
    }
}
