package io.neuronetes.scheduler.plan;

import java.util.Objects;

/** A reason code with a message that gives the numbers ({@code PREDICTED: q0.995 of load over 5m = 231 ...}). */
public record Reason(ReasonCode code, String message) {

    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
