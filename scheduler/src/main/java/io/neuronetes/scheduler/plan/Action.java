package io.neuronetes.scheduler.plan;

import java.util.Objects;

/** An action emitted by a decision, with why. */
public record Action(ActionType type, String message) {

    public Action {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }
}
