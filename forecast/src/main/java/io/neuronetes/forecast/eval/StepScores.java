package io.neuronetes.forecast.eval;

/**
 * Backtest figures of one forecast step over its scored pairs.
 *
 * @param step the step h (1-based)
 * @param pairs the number of scored pairs
 * @param mae the mean absolute error
 * @param referenceMae the MAE of the seasonal-naive-week forecast on the same pairs
 * @param coverage80 the share of actuals inside the 80% interval [q10, q90]
 * @param coverage99 the share of actuals at or below the 99% quantile
 * @param coverage995 the share of actuals at or below the 99.5% quantile
 * @param meanWidth80 the mean width of the 80% interval
 */
public record StepScores(int step, int pairs, double mae, double referenceMae, double coverage80, double coverage99,
        double coverage995, double meanWidth80) {

    /** MAE relative to the seasonal-naive-week reference (NaN when the reference MAE is 0). */
    public double relMae() {
        return referenceMae > 0 ? mae / referenceMae : Double.NaN;
    }

    /** The confidence of this step ({@link Confidence#score}). */
    public double confidence() {
        return pairs == 0 ? 0 : Confidence.score(relMae(), coverage80, 1 - coverage99);
    }
}
