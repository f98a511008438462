package io.neuronetes.forecast.calibration;

import io.neuronetes.forecast.StepDistribution;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Predictive distributions calibrated from out-of-sample residuals.
 *
 * <p>Noise grows with the load, so a residual {@code e = actual - point} is scaled by {@code level^p} with
 * {@code level = max(point, floor)} and the power {@code p} in [0, 1] fitted on the residuals (about 0.5 for counts
 * that behave like Poisson arrivals, 1 for multiplicative noise), then by a per-step scale {@code s_h} (the mean
 * scaled absolute residual of step h, since errors grow with h). The standardised residuals
 * {@code z = e / (s_h level^p)} of all steps are pooled: their empirical quantiles give the body of the
 * distribution between {@link #TAIL} and {@code 1 - TAIL}, and a generalised Pareto tail fitted to the exceedances
 * (method of moments) gives their shape beyond. In the tails the empirical quantiles are used as far as at least
 * {@value #EMPIRICAL_TAIL_MIN} residuals lie beyond them (to 0.9975 with 12,000 residuals), interpolated in the log
 * of the exceedance probability between {@value #TAIL_KNOTS} knots; only further out does the fitted tail extrapolate,
 * continued from the last empirical knot, so that any level in (0, 1), 0.999 included, has a finite, monotone
 * quantile. (The fitted tail alone overstated the 0.99 and 0.995 quantiles: their backtest coverage was above the
 * level on NASA; see docs/forecasting.md.) For a series that is never negative the quantiles are clamped at 0. Immutable.
 */
public final class ResidualCalibration implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The tail probability beyond which the tail quantiles (empirical, then fitted) take over from the body. */
    public static final double TAIL = 0.1;
    private static final int KNOTS = 161;
    /** The fewest residuals beyond a tail quantile for it to be read from the residuals rather than extrapolated. */
    static final int EMPIRICAL_TAIL_MIN = 30;
    private static final int TAIL_KNOTS = 33;

    private final double power;
    private final double floor;
    private final double[] stepScale;
    private final double[] body;
    private final Tail upper;
    private final Tail lower;
    private final boolean nonNegative;
    /** Empirical quantiles of the upper tail at exceedance probabilities TAIL * r^k (k = 0..), or null. */
    private final double[] upperKnots;
    private final double[] lowerKnots;
    private final double knotRatio;

    private ResidualCalibration(double power, double floor, double[] stepScale, double[] body, Tail upper, Tail lower,
            boolean nonNegative, double[] upperKnots, double[] lowerKnots, double knotRatio) {
        this.upperKnots = upperKnots;
        this.lowerKnots = lowerKnots;
        this.knotRatio = knotRatio;
        this.power = power;
        this.floor = floor;
        this.stepScale = stepScale;
        this.body = body;
        this.upper = upper;
        this.lower = lower;
        this.nonNegative = nonNegative;
    }

    /**
     * Fits the calibration to residual pairs.
     *
     * @param horizon the number of steps
     * @param step the step (1-based) of each pair
     * @param point the point forecast of each pair
     * @param actual the observed value of each pair
     * @param nonNegative whether quantiles are clamped at 0
     * @throws IllegalArgumentException for fewer than 20 pairs or arrays of different lengths
     */
    public static ResidualCalibration fit(int horizon, int[] step, double[] point, double[] actual,
            boolean nonNegative) {
        int n = point.length;
        if (step.length != n || actual.length != n) {
            throw new IllegalArgumentException("step, point and actual must have the same length");
        }
        if (n < 20) {
            throw new IllegalArgumentException("need at least 20 residuals to calibrate, got " + n);
        }
        double floor = levelFloor(point);
        double[] level = new double[n];
        double[] err = new double[n];
        for (int i = 0; i < n; i++) {
            level[i] = Math.max(point[i], floor);
            err[i] = actual[i] - point[i];
        }
        double p = LevelPower.fit(level, err);
        double[] scale = stepScales(horizon, step, level, err, p);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = err[i] / (scale[step[i] - 1] * Math.pow(level[i], p));
        }
        Arrays.sort(z);
        double[] body = new double[KNOTS];
        for (int k = 0; k < KNOTS; k++) {
            body[k] = Tail.empirical(z, TAIL + (1 - 2 * TAIL) * k / (KNOTS - 1));
        }
        double[] up = null;
        double[] lo = null;
        double ratio = 1;
        if (n * TAIL > EMPIRICAL_TAIL_MIN) { // else too few residuals beyond 90%: the fitted tails alone
            double last = (double) EMPIRICAL_TAIL_MIN / n; // the smallest exceedance probability read empirically
            ratio = Math.pow(last / TAIL, 1.0 / (TAIL_KNOTS - 1));
            up = new double[TAIL_KNOTS];
            lo = new double[TAIL_KNOTS];
            for (int j = 0; j < TAIL_KNOTS; j++) {
                double e = TAIL * Math.pow(ratio, j);
                up[j] = Tail.empirical(z, 1 - e);
                lo[j] = -Tail.empirical(z, e);
            }
        }
        return new ResidualCalibration(p, floor, scale, body, Tail.fit(z, false), Tail.fit(z, true), nonNegative, up,
                lo, ratio);
    }

    /** A tenth of the median positive point, so that near-zero forecasts still get a non-zero spread. */
    private static double levelFloor(double[] point) {
        double[] pos = Arrays.stream(point).filter(v -> v > 0).sorted().toArray();
        if (pos.length == 0) {
            return 1;
        }
        return Math.max(pos[pos.length / 2] * 0.1, 1e-9);
    }

    private static double[] stepScales(int horizon, int[] step, double[] level, double[] err, double p) {
        double[] sum = new double[horizon];
        int[] count = new int[horizon];
        double all = 0;
        for (int i = 0; i < err.length; i++) {
            double a = Math.abs(err[i]) / Math.pow(level[i], p);
            sum[step[i] - 1] += a;
            count[step[i] - 1]++;
            all += a;
        }
        double overall = Math.max(all / err.length, 1e-12);
        double[] scale = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            scale[h] = count[h] >= 5 ? Math.max(sum[h] / count[h], 1e-12) : overall;
        }
        return scale;
    }

    /**
     * A copy whose spread is multiplied by {@code factor} (&gt;= 1): used when forecasts past the training data
     * miss by more than the out-of-bag residuals inside it.
     */
    public ResidualCalibration inflated(double factor) {
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("inflation must be a finite number >= 1, got " + factor);
        }
        double[] scale = stepScale.clone();
        for (int h = 0; h < scale.length; h++) {
            scale[h] *= factor;
        }
        return new ResidualCalibration(power, floor, scale, body, upper, lower, nonNegative, upperKnots, lowerKnots,
                knotRatio);
    }

    /** The mean absolute standardised residual of pairs: 1 on the pairs it was fitted to. */
    public double meanAbsStandardised(int[] step, double[] point, double[] actual) {
        double sum = 0;
        for (int i = 0; i < step.length; i++) {
            sum += Math.abs(actual[i] - point[i]) / scale(step[i], point[i]);
        }
        return step.length == 0 ? Double.NaN : sum / step.length;
    }

    /** The fitted power of the level in the noise scale. */
    public double power() {
        return power;
    }

    /** The number of steps calibrated. */
    public int horizon() {
        return stepScale.length;
    }

    /** The quantile {@code q} of the standardised residual. */
    public double standardQuantile(double q) {
        if (q < TAIL) {
            return lowerKnots == null ? -lower.quantile(1 - q) : -knotted(lowerKnots, lower, q);
        }
        if (q > 1 - TAIL) {
            return upperKnots == null ? upper.quantile(q) : knotted(upperKnots, upper, 1 - q);
        }
        double pos = (q - TAIL) / (1 - 2 * TAIL) * (KNOTS - 1);
        int k = Math.min((int) pos, KNOTS - 2);
        return body[k] + (pos - k) * (body[k + 1] - body[k]);
    }

    /**
     * A tail quantile at exceedance probability e (< TAIL): interpolated in log(e) between the empirical knots, and
     * beyond the last knot the fitted tail's growth added to the last knot.
     */
    private double knotted(double[] knots, Tail tail, double e) {
        double pos = Math.log(TAIL / e) / Math.log(1 / knotRatio);
        int m = knots.length;
        if (pos >= m - 1) {
            double eLast = TAIL * Math.pow(knotRatio, m - 1);
            return knots[m - 1] + tail.quantile(1 - e) - tail.quantile(1 - eLast);
        }
        int j = (int) pos;
        return knots[j] + (pos - j) * (knots[j + 1] - knots[j]);
    }

    /** The residual scale of step {@code h} (1-based) around {@code point}. */
    public double scale(int h, double point) {
        return stepScale[Math.min(h, stepScale.length) - 1] * Math.pow(Math.max(point, floor), power);
    }

    /** The distribution of step {@code h} (1-based) around a point forecast. */
    public StepDistribution distribution(int h, double point) {
        double s = scale(h, point);
        return q -> {
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException("quantile level must be in (0, 1), got " + q);
            }
            double v = point + s * standardQuantile(q);
            return nonNegative ? Math.max(0, v) : v;
        };
    }
}
