package io.neuronetes.forecast.eval;

import io.neuronetes.forecast.Forecast;
import java.util.List;

/**
 * The outcome of a {@link Backtest}: every forecast made (one per origin, in time order), the figures per step and
 * over all steps, a note per evaluation day (which model was used and why), and the seconds spent.
 *
 * @param overall the figures over all scored pairs (its {@code step} is 0)
 */
public record BacktestResult(Backtest.Settings settings, EvaluationDays days, List<Forecast> forecasts,
        StepScores[] steps, StepScores overall, List<String> dayNotes, double trainSeconds, double forecastSeconds) {

    public BacktestResult {
        forecasts = List.copyOf(forecasts);
        steps = steps.clone();
        dayNotes = List.copyOf(dayNotes);
    }

    @Override
    public StepScores[] steps() {
        return steps.clone();
    }

    /**
     * The confidence over all steps' pairs together ({@link Confidence#score} of {@link #overall}): the figure a
     * forecast's confidence gate reads. The lowest step confidence would be biased low, each step's figures resting
     * on one origin per horizon of one day.
     */
    public double overallConfidence() {
        return overall.confidence();
    }

    /** The confidence of each step (index 0 for step 1), by {@link Confidence#score}. */
    public double[] confidence() {
        double[] c = new double[steps.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = steps[i].confidence();
        }
        return c;
    }
}
