package io.neuronetes.forecast.eval;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.feature.CausalFill;
import java.util.ArrayList;
import java.util.List;

/**
 * The rolling-origin backtest of the bench ({@code forecast_peers.py}).
 *
 * <ol>
 *   <li>Evaluation days are chosen by {@link EvaluationDays}.</li>
 *   <li>For each evaluation day d the trainer fits once on the pairs of [d - historyDays, d); lag features may read
 *       older rows. The model never sees day d.</li>
 *   <li>Origins are t = d, d + K, ... while t &lt; d + 1 day; the model gets only the values at or before t (the
 *       series is cut at t before it is handed over) and forecasts steps 1..H.</li>
 *   <li>A pair (t, h) is scored when its target lies inside the series and is not a gap. The reference is the
 *       seasonal-naive-week forecast of the causally filled series on the same pairs.</li>
 * </ol>
 */
public final class Backtest {

    /** Days of values before an origin handed to the model: more than any feature or fill looks back. */
    private static final int INPUT_DAYS = 16;

    private Backtest() {
    }

    /**
     * The protocol's settings (the bench's flags). Origins are {@code originEvery} steps apart from each evaluation
     * day's midnight; a spacing of a day or more gives one origin a day, at midnight.
     *
     * @throws IllegalArgumentException for historyDays &lt; 1, evalDays &lt; 1, horizon &lt; 1 or originEvery &lt; 1
     */
    public record Settings(int historyDays, int evalDays, int horizon, int originEvery) {
        public Settings {
            check("history days", historyDays);
            check("eval days", evalDays);
            check("horizon", horizon);
            check("origin every", originEvery);
        }

        /** The bench's defaults: 7 history days, 7 evaluation days, horizon 10, an origin every 10 steps. */
        public static Settings defaults() {
            return new Settings(7, 7, 10, 10);
        }

        private static void check(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + v);
            }
        }
    }

    /**
     * Runs the backtest of {@code trainer} on {@code series}.
     *
     * @throws IllegalArgumentException when the series cannot give the evaluation days (see {@link EvaluationDays})
     *         or the horizon exceeds a day
     */
    public static BacktestResult run(TimeSeries series, Trainer trainer, Settings settings) {
        EvaluationDays days = EvaluationDays.of(series, settings.evalDays(), settings.historyDays());
        int spd = days.stepsPerDay();
        int horizon = settings.horizon();
        if (horizon > spd) {
            throw new IllegalArgumentException("horizon " + horizon + " exceeds one day (" + spd + " steps)");
        }
        double[] raw = series.values();
        double[] filled = CausalFill.fill(raw, spd);
        Scoring scoring = new Scoring(horizon);
        List<Forecast> forecasts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long trainNanos = 0;
        long forecastNanos = 0;
        for (int k = 0; k < days.count(); k++) {
            int d = days.firstStep(k);
            long t0 = System.nanoTime();
            ForecastModel model = trainer.train(series.slice(0, d), series.time(days.historyStart(k)), horizon);
            long t1 = System.nanoTime();
            trainNanos += t1 - t0;
            // Spacing beyond a day gives the same single origin and keeps t + every from overflowing.
            int every = Math.min(settings.originEvery(), spd);
            for (int t = d; t < d + spd; t += every) {
                int from = Math.max(0, t - INPUT_DAYS * spd);
                Forecast f = model.forecast(series.slice(from, t + 1), series.time(t), horizon);
                forecasts.add(f);
                for (int h = 1; h <= horizon && t + h < raw.length; h++) {
                    if (!Double.isNaN(raw[t + h])) {
                        scoring.add(f, h, raw[t + h], filled[t + h - 7 * spd]);
                    }
                }
            }
            forecastNanos += System.nanoTime() - t1;
            notes.add(series.time(d) + ": " + model.getClass().getSimpleName() + ": "
                    + (forecasts.isEmpty() ? "" : forecasts.get(forecasts.size() - 1).note()));
        }
        return new BacktestResult(settings, days, forecasts, scoring.steps(), scoring.overall(), notes,
                trainNanos / 1e9, forecastNanos / 1e9);
    }
}
