package io.neuronetes.scheduler.plan;

import java.util.Objects;

/**
 * A reason code with a message that gives the numbers ({@code PREDICTED: q0.995 of the forecast ...}). The message
 * is formatted when first read, so that deciding stays cheap when nobody reads it. Immutable; equal when code and
 * message are equal.
 */
public final class Reason {

    private final ReasonCode code;
    private final LazyMessage message;

    /** A reason with a ready message. */
    public Reason(ReasonCode code, String message) {
        this(code, LazyMessage.ready(message));
    }

    private Reason(ReasonCode code, LazyMessage message) {
        this.code = Objects.requireNonNull(code, "code");
        this.message = message;
    }

    /** A reason whose message is {@code String.format(Locale.ROOT, format, args)}, formatted on first read. */
    static Reason lazy(ReasonCode code, String format, Object... args) {
        return new Reason(code, LazyMessage.formatted(format, args));
    }

    public ReasonCode code() {
        return code;
    }

    public String message() {
        return message.text();
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
