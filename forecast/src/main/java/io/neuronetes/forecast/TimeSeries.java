package io.neuronetes.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A series of values on a regular time grid. Gaps are {@link Double#NaN}.
 *
 * <p>The value at grid time {@code t} is the value of the step {@code [t, t + step)}, as in the bench protocol.
 * Instances are immutable: the factory copies the array it is given and accessors never expose it.
 */
public final class TimeSeries {

    private final Instant start;
    private final Duration step;
    private final double[] values;

    private TimeSeries(Instant start, Duration step, double[] values) {
        this.start = Objects.requireNonNull(start, "start");
        this.step = Objects.requireNonNull(step, "step");
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        this.values = values;
    }

    /**
     * A series starting at {@code start} with one value per {@code step}; NaN marks a gap.
     *
     * @throws IllegalArgumentException for a non-positive step
     */
    public static TimeSeries of(Instant start, Duration step, double[] values) {
        return new TimeSeries(start, step, values.clone());
    }

    public Instant start() {
        return start;
    }

    public Duration step() {
        return step;
    }

    public long stepSeconds() {
        return step.getSeconds();
    }

    public int size() {
        return values.length;
    }

    /** The value at grid index {@code i}; NaN for a gap. */
    public double value(int i) {
        return values[i];
    }

    /** The grid time of index {@code i}. */
    public Instant time(int i) {
        return start.plus(step.multipliedBy(i));
    }

    /** The first grid time after the last value. */
    public Instant end() {
        return time(values.length);
    }

    /**
     * The grid index of {@code t}, which may lie outside {@code [0, size)}.
     *
     * @throws IllegalArgumentException if {@code t} is not on the grid
     */
    public int indexOf(Instant t) {
        Duration d = Duration.between(start, t);
        long stepNanos = step.toNanos();
        long nanos = d.toNanos();
        if (Math.floorMod(nanos, stepNanos) != 0) {
            throw new IllegalArgumentException(t + " is not on the grid of " + start + " every " + step);
        }
        return Math.toIntExact(Math.floorDiv(nanos, stepNanos));
    }

    /** A copy of the values, gaps as NaN. */
    public double[] values() {
        return values.clone();
    }

    /** The sub-series of indices {@code [from, to)}. */
    public TimeSeries slice(int from, int to) {
        return new TimeSeries(time(from), step, Arrays.copyOfRange(values, from, to));
    }

    /** The number of gaps. */
    public int gaps() {
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "TimeSeries[start=" + start + ", step=" + step + ", size=" + values.length + ", gaps=" + gaps() + "]";
    }
}
