package io.neuronetes.service.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one scaling run: a value, never an exception.
 *
 * @param pool     the pool
 * @param at       the run's decision time
 * @param status   how it went
 * @param message  what happened, naming the cause of a fallback or failure
 * @param duration wall time of the run
 */
public record RunOutcome(String pool, Instant at, Status status, String message, Duration duration) {

    /** How a run went. */
    public enum Status {
        /** Signals read, plan made and applied. */
        OK,
        /** A signal, the history or the forecast was missing; the run went on with what it had and said so. */
        DEGRADED,
        /** The run could not decide or could not apply; the next run tries again. */
        FAILED
    }

    public RunOutcome {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(duration, "duration");
    }
}
