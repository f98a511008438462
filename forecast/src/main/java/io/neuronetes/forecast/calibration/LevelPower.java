package io.neuronetes.forecast.calibration;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Fits the power p in {@code |error| ~ c * level^p}: pairs are split into ten bins by level, and p is the slope
 * of log mean |error| against log mean level across the bins (least squares), clamped to [0, 1]. With too few
 * usable bins it is 0.5, the value for Poisson-like counts. Used for calibration residuals and for the noise of a
 * series (differences of consecutive values against their level).
 */
public final class LevelPower {

    private static final int BINS = 10;
    /** The power when the data cannot tell: Poisson-like counts. */
    public static final double DEFAULT = 0.5;

    private LevelPower() {
    }

    /** The power fitted on all pairs of {@code level} and {@code err}. */
    static double fit(double[] level, double[] err) {
        return fit(level, err, level.length);
    }

    /** The power fitted on the first {@code n} pairs of {@code level} and {@code err}. */
    public static double fit(double[] level, double[] err, int n) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> level[i]));
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int m = 0;
        for (int b = 0; b < BINS; b++) {
            int lo = b * n / BINS;
            int hi = (b + 1) * n / BINS;
            double l = 0;
            double e = 0;
            for (int k = lo; k < hi; k++) {
                l += level[idx[k]];
                e += Math.abs(err[idx[k]]);
            }
            if (hi - lo < 2 || l <= 0 || e <= 0) {
                continue;
            }
            double x = Math.log(l / (hi - lo));
            double y = Math.log(e / (hi - lo));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            m++;
        }
        double den = m * sxx - sx * sx;
        if (m < 3 || den <= 1e-12) {
            return DEFAULT;
        }
        double slope = (m * sxy - sx * sy) / den;
        return Math.max(0, Math.min(1, slope));
    }
}
