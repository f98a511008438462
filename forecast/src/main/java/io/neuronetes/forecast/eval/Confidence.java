package io.neuronetes.forecast.eval;

/**
 * The confidence of a forecast step, in [0, 1], from backtest figures of that step (see docs/forecasting.md):
 *
 * <pre>
 *   accuracy    A = clamp(1 - relMAE^2 / 2)             1 for a perfect forecast, 0.5 at parity with the
 *                                                        seasonal-naive-week reference, 0 at relMAE >= sqrt 2
 *   calibration C = clamp(1 - |cov80 - 0.8| / 0.4)       1 when the 80% interval covers 80% of the actuals
 *   tail        T = clamp(1 - max(0, miss99 - 0.01) / 0.09)   1 while at most 1% of actuals exceed the 99% bound,
 *                                                        0 when 10% do
 *   confidence  = A * C * T
 * </pre>
 *
 * relMAE is the step's MAE divided by the MAE of the seasonal-naive-week forecast on the same pairs.
 */
public final class Confidence {

    private Confidence() {
    }

    /** The accuracy factor A of a relative MAE. */
    public static double accuracy(double relMae) {
        if (!Double.isFinite(relMae)) {
            return 0;
        }
        return clamp(1 - relMae * relMae / 2);
    }

    /** The calibration factor C of the 80% interval's coverage. */
    public static double calibration(double coverage80) {
        return clamp(1 - Math.abs(coverage80 - 0.8) / 0.4);
    }

    /** The tail factor T of the share of actuals above the 99% quantile. */
    public static double tail(double miss99) {
        return clamp(1 - Math.max(0, miss99 - 0.01) / 0.09);
    }

    /** The confidence of one step from its backtest figures. */
    public static double score(double relMae, double coverage80, double miss99) {
        return accuracy(relMae) * calibration(coverage80) * tail(miss99);
    }

    /**
     * Provisional confidence from out-of-sample pairs of the training itself (before any backtest): the accuracy
     * factor only, since the intervals were calibrated on these same pairs. A backtest replaces it.
     *
     * @param step the step (1-based) of each pair
     */
    public static double[] provisional(int horizon, int[] step, double[] point, double[] actual, double[] reference) {
        double[] err = new double[horizon];
        double[] ref = new double[horizon];
        for (int i = 0; i < step.length; i++) {
            err[step[i] - 1] += Math.abs(point[i] - actual[i]);
            ref[step[i] - 1] += Math.abs(reference[i] - actual[i]);
        }
        double[] c = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            c[h] = ref[h] > 0 ? accuracy(err[h] / ref[h]) : 0;
        }
        return c;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
