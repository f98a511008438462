package io.neuronetes.scheduler.plan;

import java.util.Locale;
import java.util.Objects;

/**
 * A reason code with a message that gives the numbers ({@code PREDICTED: q0.995 of the forecast ...}). The message
 * is formatted when first read, so that deciding stays cheap when nobody reads it. Immutable; equal when code and
 * message are equal.
 */
public final class Reason {

    private final ReasonCode code;
    private final String format;
    private final Object[] args;
    private volatile String message;

    /** A reason with a ready message. */
    public Reason(ReasonCode code, String message) {
        this.code = Objects.requireNonNull(code, "code");
        this.message = Objects.requireNonNull(message, "message");
        this.format = null;
        this.args = null;
    }

    private Reason(ReasonCode code, String format, Object[] args) {
        this.code = code;
        this.format = format;
        this.args = args;
    }

    /** A reason whose message is {@code String.format(Locale.ROOT, format, args)}, formatted on first read. */
    static Reason lazy(ReasonCode code, String format, Object... args) {
        return new Reason(Objects.requireNonNull(code, "code"), format, args.clone());
    }

    public ReasonCode code() {
        return code;
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
        return o instanceof Reason r && r.code == code && r.message().equals(message());
    }

    @Override
    public int hashCode() {
        return code.hashCode() * 31 + message().hashCode();
    }

    @Override
    public String toString() {
        return code + ": " + message();
    }
}
