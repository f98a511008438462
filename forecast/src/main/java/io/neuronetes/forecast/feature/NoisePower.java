package io.neuronetes.forecast.feature;

import io.neuronetes.forecast.calibration.LevelPower;

/**
 * Measures how the noise of a series grows with its level: p in {@code noise ~ level^p}, from the absolute
 * differences of consecutive observed values against their local level (the mean of the pair), over ten bins of
 * level (log-log least squares). Poisson-like counts give about 0.5, multiplicative noise about 1, additive noise
 * about 0. Clamped to [0, 1]; 0.5 when the series has too few values or distinct levels to tell (see
 * {@link LevelPower}).
 */
final class NoisePower {

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
        return n < 100 ? LevelPower.DEFAULT : LevelPower.fit(level, diff, n);
    }
}
