package io.neuronetes.scheduler.plan;

import java.util.Objects;

/**
 * An action emitted by a decision, with why. The message is formatted when first read. Immutable; equal when type
 * and message are equal.
 */
public final class Action {

    private final ActionType type;
    private final LazyMessage message;

    /** An action with a ready message. */
    public Action(ActionType type, String message) {
        this(type, LazyMessage.ready(message));
    }

    private Action(ActionType type, LazyMessage message) {
        this.type = Objects.requireNonNull(type, "type");
        this.message = message;
    }

    static Action lazy(ActionType type, String format, Object... args) {
        return new Action(type, LazyMessage.formatted(format, args));
    }

    public ActionType type() {
        return type;
    }

    public String message() {
        return message.text();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Action a && a.type == type && a.message().equals(message());
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + message().hashCode();
    }

    @Override
    public String toString() {
        return type + ": " + message();
    }
}
