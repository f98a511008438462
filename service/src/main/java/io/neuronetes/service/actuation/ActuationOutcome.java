package io.neuronetes.service.actuation;

import java.util.Objects;

/**
 * The result of {@link Actuator#apply}: a value, never an exception, for every expected failure.
 *
 * @param status   what happened
 * @param replicas the serving replica count the workload has after the call, or -1 when unknown (a failure)
 * @param message  detail for logs, the decision log and the API; names the cause of a failure
 */
public record ActuationOutcome(Status status, int replicas, String message) {

    /** What an actuator did with a command. */
    public enum Status {
        /** The workload was changed. */
        APPLIED,
        /** The workload already had the wanted size; nothing was written. */
        UNCHANGED,
        /** Dry-run: the command was recorded and exported; nothing was changed. */
        RECORDED,
        /**
         * The actuator may not act now and that is no fault (this replica stands by while another one leads);
         * nothing was changed. A replica that cannot tell who leads fails instead.
         */
        SKIPPED,
        /** The change was attempted and failed; the next run tries again. */
        FAILED
    }

    public ActuationOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static ActuationOutcome applied(int replicas, String message) {
        return new ActuationOutcome(Status.APPLIED, replicas, message);
    }

    public static ActuationOutcome unchanged(int replicas) {
        return new ActuationOutcome(Status.UNCHANGED, replicas, "already at " + replicas + " replicas");
    }

    public static ActuationOutcome recorded(int replicas) {
        return new ActuationOutcome(Status.RECORDED, replicas, "dry-run: recorded " + replicas + " replicas");
    }

    public static ActuationOutcome skipped(String why) {
        return new ActuationOutcome(Status.SKIPPED, -1, why);
    }

    public static ActuationOutcome failed(String why) {
        return new ActuationOutcome(Status.FAILED, -1, why);
    }

    /** Whether the command took effect (or, in dry-run, was recorded as if it had). */
    public boolean succeeded() {
        return status == Status.APPLIED || status == Status.UNCHANGED || status == Status.RECORDED;
    }
}
