package io.neuronetes.service.models;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one retrain job: a value, never an exception.
 *
 * @param status   what happened
 * @param at       when the job started
 * @param duration how long it took, fetching and backtest included
 * @param message  what was measured, or why it failed
 */
public record RetrainOutcome(Status status, Instant at, Duration duration, String message) {

    /** What a retrain job did. */
    public enum Status {
        /** A new model was trained, backtested and now serves. */
        TRAINED("trained"),
        /** A new model was trained but its backtest was worse; the previous model keeps serving. */
        KEPT_PREVIOUS("kept_previous"),
        /** No model could be trained (history unreadable or too short, training or store error). */
        FAILED("failed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** The metric label and API value. */
        public String label() {
            return label;
        }
    }

    public RetrainOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(message, "message");
    }

    public static RetrainOutcome failed(Instant at, Duration took, String why) {
        return new RetrainOutcome(Status.FAILED, at, took, why);
    }
}
