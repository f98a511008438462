package io.neuronetes.scheduler.metrics;

/**
 * A dead band around the target, as the HPA's {@code --horizontal-pod-autoscaler-tolerance}: when a metric's
 * {@code ratio = value / target} is within {@code value} of 1, the metric asks for the current replicas.
 *
 * @param value the relative band, &gt;= 0 (the HPA's default is 0.1)
 */
public record Tolerance(double value) {

    /** The HPA's default band, 10%. */
    public static final Tolerance HPA = new Tolerance(0.1);

    /** No band: every deviation counts. */
    public static final Tolerance NONE = new Tolerance(0);

    public Tolerance {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + value);
        }
    }

    /** Whether {@code ratio} is close enough to 1 to leave the replicas as they are. */
    public boolean within(double ratio) {
        // the band's edge is inside it: 1.1 must count for a 10% band although 1.1 - 1 > 0.1 in binary
        return Math.abs(ratio - 1.0) <= value + 1e-12;
    }
}
