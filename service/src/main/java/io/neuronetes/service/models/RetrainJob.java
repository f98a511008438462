package io.neuronetes.service.models;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.eval.BacktestResult;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.store.ModelMetadata;
import io.neuronetes.forecast.store.ModelStore;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pool's retrain: read {@code lookbackWindow} + 8 days of its forecast metric (a week of lags and a backtest
 * day), fit and backtest a candidate ({@link ModelFitting}), backtest the serving model on the same day and
 * origins, and let the candidate replace it only if its MAE there is not worse. A replacing model is written to
 * the store before it serves, so the store never holds a model that did not serve; when the write fails the
 * previous model keeps serving. Returns an outcome, never throws for an expected failure.
 */
public final class RetrainJob {

    /** Installs and reads serving models; implemented by the service's model holder. */
    public interface Serving {
        Optional<ServingModel> serving(String pool);

        void serve(String pool, ServingModel model, TimeSeries history);
    }

    /** Extra days read beyond the lookback: one week of lags and one backtest day. */
    static final int EXTRA_DAYS = 8;

    private final MetricsSource source;
    private final ModelStore store;
    private final Serving serving;
    private final ForestTrainer trainer;
    private final Duration step;

    public RetrainJob(MetricsSource source, ModelStore store, Serving serving, ForestTrainer trainer, Duration step) {
        this.source = source;
        this.store = store;
        this.serving = serving;
        this.trainer = trainer;
        this.step = step;
    }

    /** Steps a pool's model forecasts: its horizon, and at least its cold start (the planner's lead time). */
    public int horizonSteps(AgentPool pool) {
        long stepMs = step.toMillis();
        long horizon = Duration.ofMinutes(pool.autoscaling().predictive().horizonMinutes()).toMillis();
        long lead = pool.coldStart().toMillis();
        int steps = (int) Math.ceil(Math.max(horizon, lead) / (double) stepMs);
        return Math.max(1, Math.min(steps, (int) (Duration.ofDays(1).toMillis() / stepMs)));
    }

    /** Serves the newest valid stored model of the pool; false when there is none. */
    public boolean loadServing(AgentPool pool) {
        Optional<MetricSpec> m = pool.autoscaling().loadMetric();
        if (m.isEmpty()) {
            return false;
        }
        String metric = m.get().type().yamlName();
        Optional<ModelStore.StoredModel> stored = store.loadLatest(pool.name(), metric);
        if (stored.isEmpty() || stored.get().model().horizon() < horizonSteps(pool)) {
            return false; // A model for a shorter horizon than the pool now asks for is retrained.
        }
        serving.serve(pool.name(), servingModel(metric, stored.get()), null);
        return true;
    }

    /** Retrains the pool at {@code now}. */
    public RetrainOutcome retrain(AgentPool pool, Instant now) {
        long t0 = System.nanoTime();
        Optional<MetricSpec> m = pool.autoscaling().loadMetric();
        if (m.isEmpty()) {
            return outcome(RetrainOutcome.Status.FAILED, now, t0, "the pool has no additive metric to forecast");
        }
        String metric = m.get().type().yamlName();
        int lookbackDays = (int) Math.max(1, pool.autoscaling().predictive().lookbackWindow().toDays());
        long stepMs = step.toMillis();
        Instant end = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), stepMs) * stepMs);
        Instant start = end.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(lookbackDays + EXTRA_DAYS));
        MetricOutcome<TimeSeries> h = source.range(MetricRef.of(pool.name(), pool.namespace(), metric), start, end,
                step);
        if (!h.hasValue()) {
            return outcome(RetrainOutcome.Status.FAILED, now, t0, "history: " + h.kind() + ": " + h.message());
        }
        TimeSeries history = h.value();
        int horizon = horizonSteps(pool);
        ModelFitting.Fitted fitted;
        try {
            fitted = ModelFitting.fit(pool.name(), metric, history, Duration.ofDays(lookbackDays), horizon, now,
                    trainer);
        } catch (IllegalArgumentException e) {
            return outcome(RetrainOutcome.Status.FAILED, now, t0, "training: " + e.getMessage());
        }
        String scores = scores(fitted);
        Optional<ServingModel> current = serving.serving(pool.name());
        if (current.isPresent() && fitted.backtest() != null) {
            String worse = worseThanServing(history, current.get(), fitted, lookbackDays, horizon);
            if (worse != null) {
                return outcome(RetrainOutcome.Status.KEPT_PREVIOUS, now, t0, scores + "; " + worse);
            }
        }
        ModelStore.StoredModel saved;
        try {
            saved = store.save(pool.name(), metric, fitted.model(), fitted.metadata());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // The store's message says what failed and why (disk full, read-only file system, permission denied).
            return outcome(RetrainOutcome.Status.FAILED, now, t0, "store: " + e.getMessage()
                    + (current.isPresent() ? "; the previous model keeps serving" : ""));
        }
        serving.serve(pool.name(), servingModel(metric, saved), history);
        return outcome(RetrainOutcome.Status.TRAINED, now, t0, "version " + saved.version() + ": " + scores);
    }

    /** Why the candidate is worse than the serving model on the same backtest pairs, or null when it is not. */
    private static String worseThanServing(TimeSeries history, ServingModel current, ModelFitting.Fitted fitted,
            int lookbackDays, int horizon) {
        BacktestResult old;
        try {
            old = ModelFitting.backtestFixed(history, current.model(), lookbackDays, horizon);
        } catch (IllegalArgumentException e) {
            return null; // The serving model cannot forecast this history (other grid): replace it.
        }
        if (old == null || old.overall().pairs() == 0) {
            return null;
        }
        double candidate = fitted.backtest().overall().mae();
        double serving = old.overall().mae();
        if (candidate <= serving) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the serving model %s did better on the same day (MAE %.3f vs "
                + "%.3f): kept", current.version(), serving, candidate);
    }

    private static String scores(ModelFitting.Fitted f) {
        if (f.backtest() == null) {
            return f.metadata().method() + ", no backtest (too little history)";
        }
        return String.format(java.util.Locale.ROOT, "%s, backtest relative MAE %.3f, 80%% coverage %.3f, "
                + "confidence %.2f", f.metadata().method(), f.relativeMae(), f.coverage80(),
                f.backtest().overallConfidence());
    }

    /** The serving view of a stored model: its scores come from the metadata the backtest wrote. */
    static ServingModel servingModel(String metric, ModelStore.StoredModel s) {
        ModelMetadata md = s.metadata();
        Map<String, Object> bt = md.backtest();
        return new ServingModel(metric, s.version(), s.model(), md.method() == null ? "" : md.method(),
                md.trainedAt(), number(bt.get("relativeMae")), number(bt.get("coverage80")),
                numbers(bt.get("confidence")));
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double[] numbers(Object o) {
        if (o instanceof double[] d) {
            return d;
        }
        if (o instanceof List<?> l) {
            return l.stream().mapToDouble(RetrainJob::number).toArray();
        }
        return new double[0];
    }

    private static RetrainOutcome outcome(RetrainOutcome.Status s, Instant at, long t0, String message) {
        return new RetrainOutcome(s, at, Duration.ofNanos(System.nanoTime() - t0), message);
    }
}
