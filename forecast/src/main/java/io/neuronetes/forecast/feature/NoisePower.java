package io.neuronetes.forecast.feature;

import java.util.Arrays;

/**
 * Measures how the noise of a series grows with its level: p in {@code noise ~ level^p}, from the absolute
 * differences of consecutive observed values against their local level (the mean of the pair), over ten bins of
 * level (log-log least squares). Poisson-like counts give about 0.5, multiplicative noise about 1, additive noise
 * about 0. Clamped to [0, 1]; 0.5 when the series has too few distinct levels to tell.
 */
final class NoisePower {

    private static final int BINS = 10;

    private NoisePower() {
    }

    static double of(double[] values) {
        int n = 0;
        double[] level = new double[values.length];
        double[] diff = new double[values.length];
        for (int i = 1; i < values.length; i++) {
            double a = values[i - 1];
            double b = values[i];
            if (!Double.isNaN(a) && !Double.isNaN(b) && a + b > 0) {
                level[n] = (a + b) / 2;
                diff[n] = Math.abs(b - a);
                n++;
            }
        }
        if (n < 10 * BINS) {
            return 0.5;
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        double[] lv = Arrays.copyOf(level, n);
        Arrays.sort(idx, (x, y) -> Double.compare(lv[x], lv[y]));
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int m = 0;
        for (int b = 0; b < BINS; b++) {
            double l = 0;
            double d = 0;
            int lo = b * n / BINS;
            int hi = (b + 1) * n / BINS;
            for (int k = lo; k < hi; k++) {
                l += level[idx[k]];
                d += diff[idx[k]];
            }
            if (l <= 0 || d <= 0) {
                continue;
            }
            double x = Math.log(l / (hi - lo));
            double y = Math.log(d / (hi - lo));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            m++;
        }
        double den = m * sxx - sx * sx;
        if (m < 3 || den < 1e-9) {
            return 0.5;
        }
        return Math.max(0, Math.min(1, (m * sxy - sx * sy) / den));
    }
}
