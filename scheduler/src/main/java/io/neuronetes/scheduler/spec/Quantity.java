package io.neuronetes.scheduler.spec;

import java.util.Objects;

/**
 * A metric target as written in YAML ({@code "1000"}, {@code "500ms"}): the text and its value in base units
 * (seconds for durations, the plain number otherwise). In YAML it is a string or a number.
 */
public record Quantity(double value, String text) {

    public Quantity {
        Objects.requireNonNull(text, "text");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("quantity must be finite: " + text);
        }
    }

    /** A plain number. */
    public static Quantity of(double value) {
        return new Quantity(value, value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
    }

    @Override
    public String toString() {
        return text;
    }
}
