package io.neuronetes.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A forecast made at {@code origin} for the steps {@code h = 1..horizon}: step {@code h} is the value at grid time
 * {@code origin + h * step} (the value of the step starting there). Each step has a point and a calibrated
 * predictive distribution; the 80% interval is its 10% and 90% quantiles. Immutable.
 */
public final class Forecast {

    private final Instant origin;
    private final Duration step;
    private final double[] point;
    private final StepDistribution[] distributions;
    private final double[] stepConfidence;
    private final double confidence;
    private final ForecastMethod method;
    private final String note;

    private Forecast(Instant origin, Duration step, double[] point, StepDistribution[] distributions,
            double[] stepConfidence, double confidence, ForecastMethod method, String note) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.step = Objects.requireNonNull(step, "step");
        this.method = Objects.requireNonNull(method, "method");
        this.note = note == null ? "" : note;
        if (point.length < 1) {
            throw new IllegalArgumentException("a forecast needs at least one step");
        }
        if (distributions.length != point.length || stepConfidence.length != point.length) {
            throw new IllegalArgumentException("point, distributions and confidence must have one entry per step");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        this.point = point;
        this.distributions = distributions;
        this.stepConfidence = stepConfidence;
        this.confidence = confidence;
    }

    /**
     * A forecast; arrays are indexed from 0 for step 1 and copied.
     *
     * @param stepConfidence confidence in [0, 1] per step
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static Forecast of(Instant origin, Duration step, double[] point, StepDistribution[] distributions,
            double[] stepConfidence, ForecastMethod method, String note) {
        return of(origin, step, point, distributions, stepConfidence, lowest(stepConfidence), method, note);
    }

    /**
     * A forecast whose confidence was measured over all its steps together (a backtest's pairs pooled), rather than
     * taken as the lowest step confidence.
     *
     * @param confidence the forecast's confidence, in [0, 1]
     */
    public static Forecast of(Instant origin, Duration step, double[] point, StepDistribution[] distributions,
            double[] stepConfidence, double confidence, ForecastMethod method, String note) {
        return new Forecast(origin, step, point.clone(), distributions.clone(), stepConfidence.clone(), confidence,
                method, note);
    }

    /** The lowest of {@code c}, 1 when it is empty. */
    public static double lowest(double[] c) {
        double min = 1;
        for (double x : c) {
            min = Math.min(min, x);
        }
        return min;
    }

    public Instant origin() {
        return origin;
    }

    public Duration step() {
        return step;
    }

    public int horizon() {
        return point.length;
    }

    /** The target time of step {@code h}. */
    public Instant time(int h) {
        check(h);
        return origin.plus(step.multipliedBy(h));
    }

    /** The point forecast of step {@code h} (1-based). */
    public double point(int h) {
        check(h);
        return point[h - 1];
    }

    /** The {@code q} quantile of step {@code h} (1-based), q in (0, 1). */
    public double quantile(int h, double q) {
        check(h);
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile level must be in (0, 1), got " + q);
        }
        return distributions[h - 1].quantile(q);
    }

    /** The lower bound of the 80% interval of step {@code h}. */
    public double lower(int h) {
        return quantile(h, 0.1);
    }

    /** The upper bound of the 80% interval of step {@code h}. */
    public double upper(int h) {
        return quantile(h, 0.9);
    }

    /** The largest {@code q} quantile over steps {@code from..to} (inclusive, 1-based, clamped to the horizon). */
    public double maxQuantile(int from, int to, double q) {
        int a = Math.max(1, from);
        int b = Math.min(horizon(), to);
        double max = Double.NEGATIVE_INFINITY;
        for (int h = a; h <= b; h++) {
            max = Math.max(max, quantile(h, q));
        }
        return max;
    }

    /** The confidence of step {@code h}, in [0, 1]. */
    public double confidence(int h) {
        check(h);
        return stepConfidence[h - 1];
    }

    /**
     * The forecast's confidence, in [0, 1]: measured over all its steps' backtest pairs together where the model
     * has that figure, else the lowest step confidence.
     */
    public double confidence() {
        return confidence;
    }

    public ForecastMethod method() {
        return method;
    }

    /** Why this method was used, or what limits the forecast; empty when nothing is worth saying. */
    public String note() {
        return note;
    }

    private void check(int h) {
        if (h < 1 || h > point.length) {
            throw new IllegalArgumentException("step must be in 1.." + point.length + ", got " + h);
        }
    }
}
