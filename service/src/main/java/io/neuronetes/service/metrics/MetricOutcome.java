package io.neuronetes.service.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * A typed answer from a {@link MetricsSource}: a value, or the explicit reason there is none. Callers switch on
 * {@link #kind()}; nothing in this type throws for a missing value except {@link #value()}.
 *
 * @param <T> the value type: {@code Double} for instant values, a time series for ranges
 */
public final class MetricOutcome<T> {

    /** The four kinds of answer. */
    public enum Kind {
        /** A usable value. */
        VALUE,
        /** The query matched no series (the metric is not exported, or the pool label is wrong). */
        EMPTY,
        /** The answer is unusable: NaN or infinite value, several series where one was expected, a malformed body. */
        INVALID,
        /** No answer: non-2xx status, timeout, connection refused, unknown host. */
        ERROR
    }

    private final Kind kind;
    private final T value;
    private final String message;

    private MetricOutcome(Kind kind, T value, String message) {
        this.kind = kind;
        this.value = value;
        this.message = message;
    }

    public static <T> MetricOutcome<T> value(T value) {
        return new MetricOutcome<>(Kind.VALUE, Objects.requireNonNull(value, "value"), "");
    }

    public static <T> MetricOutcome<T> empty(String message) {
        return new MetricOutcome<>(Kind.EMPTY, null, Objects.requireNonNull(message, "message"));
    }

    public static <T> MetricOutcome<T> invalid(String message) {
        return new MetricOutcome<>(Kind.INVALID, null, Objects.requireNonNull(message, "message"));
    }

    public static <T> MetricOutcome<T> error(String message) {
        return new MetricOutcome<>(Kind.ERROR, null, Objects.requireNonNull(message, "message"));
    }

    public Kind kind() {
        return kind;
    }

    public boolean hasValue() {
        return kind == Kind.VALUE;
    }

    /**
     * The value.
     *
     * @throws IllegalStateException if this outcome has no value; the message says which kind it is and why
     */
    public T value() {
        if (kind != Kind.VALUE) {
            throw new IllegalStateException("no value (" + kind + "): " + message);
        }
        return value;
    }

    /** The value if there is one. */
    public Optional<T> asOptional() {
        return Optional.ofNullable(value);
    }

    /** Why there is no value (empty for {@link Kind#VALUE}). */
    public String message() {
        return message;
    }

    /** The same non-value outcome for another value type; for a value, throws IllegalStateException. */
    public <U> MetricOutcome<U> withoutValue() {
        if (kind == Kind.VALUE) {
            throw new IllegalStateException("outcome has a value");
        }
        return new MetricOutcome<>(kind, null, message);
    }

    @Override
    public String toString() {
        return kind == Kind.VALUE ? "VALUE(" + value + ")" : kind + "(" + message + ")";
    }
}
