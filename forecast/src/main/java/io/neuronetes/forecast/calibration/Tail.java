package io.neuronetes.forecast.calibration;

import java.io.Serializable;

/**
 * One tail of a standardised residual distribution beyond probability {@code 1 - TAIL}: a generalised Pareto
 * distribution fitted to the exceedances over the threshold by the method of moments, with the shape clamped to
 * [-0.4, 0.4] so that a handful of extreme residuals cannot make the far quantiles explode or collapse.
 */
final class Tail implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final double MAX_SHAPE = 0.4;

    private final double threshold;
    private final double scale;
    private final double shape;

    private Tail(double threshold, double scale, double shape) {
        this.threshold = threshold;
        this.scale = scale;
        this.shape = shape;
    }

    /** The type-7 empirical quantile of sorted values. */
    static double empirical(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int k = (int) Math.floor(pos);
        if (k >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[k] + (pos - k) * (sorted[k + 1] - sorted[k]);
    }

    /**
     * Fits the upper tail of {@code sorted}, or the upper tail of its negation when {@code negate} (the lower tail).
     */
    static Tail fit(double[] sorted, boolean negate) {
        int n = sorted.length;
        double p = 1 - ResidualCalibration.TAIL;
        double u = negate ? -empirical(sorted, 1 - p) : empirical(sorted, p);
        double sum = 0;
        double sumSq = 0;
        int m = 0;
        for (double v : sorted) {
            double x = (negate ? -v : v) - u;
            if (x > 0) {
                sum += x;
                sumSq += x * x;
                m++;
            }
        }
        if (m < 3) {
            double spread = Math.max(1e-9, empirical(sorted, 0.75) - empirical(sorted, 0.25));
            return new Tail(u, spread / 2, 0);
        }
        double mean = sum / m;
        double var = Math.max(sumSq / m - mean * mean, 1e-18);
        double shape = 0.5 * (1 - mean * mean / var);
        shape = Math.max(-MAX_SHAPE, Math.min(MAX_SHAPE, shape));
        double scale = mean * (1 - shape);
        return new Tail(u, Math.max(scale, 1e-12), shape);
    }

    /** The quantile at probability q in [1 - TAIL, 1) of the (possibly negated) distribution. */
    double quantile(double q) {
        double r = ResidualCalibration.TAIL / (1 - q);
        if (Math.abs(shape) < 1e-6) {
            return threshold + scale * Math.log(r);
        }
        return threshold + scale / shape * (Math.pow(r, shape) - 1);
    }
}
