package io.neuronetes.scheduler.plan;

import java.util.Locale;
import java.util.Objects;

/**
 * An action emitted by a decision, with why. The message is formatted when first read. Immutable; equal when type
 * and message are equal.
 */
public final class Action {

    private final ActionType type;
    private final String format;
    private final Object[] args;
    private volatile String message;

    /** An action with a ready message. */
    public Action(ActionType type, String message) {
        this.type = Objects.requireNonNull(type, "type");
        this.message = Objects.requireNonNull(message, "message");
        this.format = null;
        this.args = null;
    }

    private Action(ActionType type, String format, Object[] args) {
        this.type = Objects.requireNonNull(type, "type");
        this.format = format;
        this.args = args;
    }

    static Action lazy(ActionType type, String format, Object... args) {
        return new Action(type, format, args.clone());
    }

    public ActionType type() {
        return type;
    }

    public String message() {
        String m = message;
        if (m == null) {
            m = String.format(Locale.ROOT, format, args);
            message = m;
        }
        return m;
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
