package io.neuronetes.service.models;

import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.eval.Backtest;
import io.neuronetes.forecast.eval.BacktestResult;
import io.neuronetes.forecast.eval.EvaluationDays;
import io.neuronetes.forecast.eval.StepScores;
import io.neuronetes.forecast.forest.ForestModel;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.forest.SeasonalNaiveModel;
import io.neuronetes.forecast.store.ModelMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains one pool metric's model the way the service and the {@code train} command both do it, without I/O:
 * <ol>
 *   <li>backtest the trainer on the most recent whole day of {@code history} (the bench's rolling-origin protocol:
 *   fit on the {@code lookback} days before it, forecast from origins spread over the day);</li>
 *   <li>train the model on the last {@code lookback} of the history (lags may read further back);</li>
 *   <li>give the model the backtest's per-step confidence, so that its forecasts carry measured confidence;</li>
 *   <li>describe it: provenance and backtest figures for the model store.</li>
 * </ol>
 * With too little history for a backtest the model keeps the trainer's provisional confidence and the note says so.
 * Deterministic for the same history and trainer settings.
 */
public final class ModelFitting {

    /** Origins per backtest day: every {@code horizon} steps, at most this many (bounds the backtest's cost). */
    static final int MAX_ORIGINS_PER_DAY = 144;

    private ModelFitting() {
    }

    /**
     * A fitted model with its description.
     *
     * @param model    the model to serve (its confidences from the backtest when there was one)
     * @param metadata provenance and backtest figures
     * @param backtest the backtest, or null when the history was too short for one
     */
    public record Fitted(ForecastModel model, ModelMetadata metadata, BacktestResult backtest) {

        /** The overall backtest MAE relative to seasonal-naive-week, NaN without a backtest. */
        public double relativeMae() {
            return backtest == null ? Double.NaN : backtest.overall().relMae();
        }

        /** The overall coverage of the 80% interval, NaN without a backtest. */
        public double coverage80() {
            return backtest == null ? Double.NaN : backtest.overall().coverage80();
        }
    }

    /**
     * Backtests and trains.
     *
     * @param history   the metric on its grid, ending at the training time; should hold {@code lookback} + 8 days
     *                  (one backtest day, one week of lags)
     * @param lookback  the fit window (the pool's {@code lookbackWindow}), whole days
     * @param horizon   steps to forecast, 1..one day
     * @param trainedAt the caller's clock
     * @throws IllegalArgumentException for a horizon out of range or an empty history
     */
    public static Fitted fit(String pool, String metric, TimeSeries history, Duration lookback, int horizon,
            Instant trainedAt, ForestTrainer trainer) {
        int lookbackDays = (int) Math.max(1, lookback.toDays());
        BacktestResult bt = backtest(history, trainer, lookbackDays, horizon);
        Instant fitFrom = history.end().minus(Duration.ofDays(lookbackDays));
        Instant alignedFrom = history.time(Math.max(0, (int) Math.ceil(
                Duration.between(history.start(), fitFrom).toMillis() / (double) history.step().toMillis())));
        ForecastModel model = trainer.train(history, alignedFrom, horizon);
        String note = "";
        if (model instanceof ForestModel f && bt != null) {
            model = f.withConfidence(bt.confidence(), bt.overallConfidence());
        } else if (bt == null) {
            note = "no backtest: " + tooShort(history, lookbackDays)
                    + ": confidence is the training's out-of-bag estimate";
        }
        if (model instanceof SeasonalNaiveModel s) {
            note = s.note();
        }
        return new Fitted(model, metadata(pool, metric, model, note, trainedAt, alignedFrom, history, horizon,
                trainer, bt), bt);
    }

    /**
     * The backtest of a fixed model on the same day and origins as a candidate's, so the two can be compared on
     * the same pairs.
     */
    public static BacktestResult backtestFixed(TimeSeries history, ForecastModel model, int lookbackDays,
            int horizon) {
        Trainer fixed = (h, hz) -> model;
        return backtest(history, fixed, lookbackDays, Math.min(horizon, model.horizon()));
    }

    /** Why {@code history} holds too little for a backtest of its last whole day, with the days it has and needs. */
    private static String tooShort(TimeSeries history, int lookbackDays) {
        try {
            EvaluationDays.of(history, 1, lookbackDays);
            return "too little history";
        } catch (IllegalArgumentException e) {
            // The backtest command's advice (fewer evaluation or history days) does not apply to a training.
            return "too little history (" + e.getMessage().replaceFirst("; use .*$", "") + ")";
        }
    }

    private static BacktestResult backtest(TimeSeries history, Trainer trainer, int lookbackDays, int horizon) {
        int stepsPerDay = (int) (Duration.ofDays(1).toMillis() / history.step().toMillis());
        int every = Math.max(horizon, stepsPerDay / MAX_ORIGINS_PER_DAY);
        try {
            EvaluationDays.of(history, 1, lookbackDays);
        } catch (IllegalArgumentException tooShort) {
            return null;
        }
        // Past this check an IllegalArgumentException is a failed training, which the caller reports.
        return Backtest.run(history, trainer, new Backtest.Settings(lookbackDays, 1, horizon, every));
    }

    private static ModelMetadata metadata(String pool, String metric, ForecastModel model, String note,
            Instant trainedAt, Instant fitFrom, TimeSeries history, int horizon, ForestTrainer trainer,
            BacktestResult bt) {
        Map<String, Object> settings = new LinkedHashMap<>();
        var s = trainer.settings();
        settings.put("trees", s.trees());
        settings.put("maxDepth", s.maxDepth());
        settings.put("nodeSize", s.nodeSize());
        settings.put("rowCap", s.rowCap());
        settings.put("calibrationRows", s.calibrationRows());
        Map<String, Object> scores = new LinkedHashMap<>();
        if (bt != null) {
            StepScores o = bt.overall();
            scores.put("evaluationDay", bt.days().series().time(bt.days().firstStep(0)).toString());
            scores.put("pairs", o.pairs());
            scores.put("mae", o.mae());
            scores.put("relativeMae", o.relMae());
            scores.put("coverage80", o.coverage80());
            scores.put("coverage99", o.coverage99());
            scores.put("confidence", bt.confidence());
            scores.put("overallConfidence", bt.overallConfidence());
        }
        String method = model instanceof ForestModel ? "FOREST" : "SEASONAL_NAIVE";
        return new ModelMetadata(pool, metric, method, note, trainedAt, fitFrom, history.end(),
                history.stepSeconds(), horizon, s.seed(), settings, trainer.spec().toString(), trainer.spec().hash(),
                Map.of("java", System.getProperty("java.version")), scores);
    }
}
