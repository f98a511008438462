package io.neuronetes.service.app;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.models.HistoryCache;
import io.neuronetes.service.models.ServingModel;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.runs.ForecastResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pools' serving models and the recent history they forecast from. A run's forecast uses the serving model on
 * the cached history (updated incrementally from the metrics source); when the history cannot be read the model
 * forecasts from what is cached and the result says so; without a model there is no forecast and the planner
 * follows its reactive signals and schedules.
 */
@ApplicationScoped
public class Forecasts implements io.neuronetes.service.models.RetrainJob.Serving {

    /** Lags reach one week back; the horizon adds up to a day. */
    static final Duration HISTORY_KEPT = Duration.ofDays(8);

    /** One pool's forecasting state. */
    static final class PoolModels {
        final String metric;
        final HistoryCache history;
        volatile ServingModel serving;
        volatile Cached last;

        PoolModels(String metric, HistoryCache history) {
            this.metric = metric;
            this.history = history;
        }
    }

    @Inject
    NeuronetesConfig config;
    @Inject
    MetricsSource source;

    private final Map<String, PoolModels> pools = new ConcurrentHashMap<>();

    /**
     * A run's forecast over the serving model's whole horizon: only for pools with predictive scaling enabled. The
     * result names the pool's load metric whenever it has one, forecast or not.
     */
    public ForecastResult forecast(PoolEntry entry, Instant now) {
        AgentPool pool = entry.pool();
        if (!pool.autoscaling().predictive().enabled()) {
            return ForecastResult.none(loadMetricName(pool), "predictive scaling is disabled");
        }
        ServingModel m = serving(entry.name()).orElse(null);
        return forecastAlways(entry, now, m == null ? 1 : m.model().horizon());
    }

    /**
     * The forecast over {@code steps} steps whether or not predictive scaling is enabled.
     *
     * @throws IllegalArgumentException if {@code steps} exceeds the serving model's trained horizon
     */
    public ForecastResult forecastAlways(PoolEntry entry, Instant now, int steps) {
        AgentPool pool = entry.pool();
        Optional<MetricSpec> m = pool.autoscaling().loadMetric();
        if (m.isEmpty()) {
            return ForecastResult.none("the pool has no additive metric to forecast");
        }
        PoolModels pm = models(entry);
        ServingModel serving = pm.serving;
        String metric = m.get().type().yamlName();
        if (serving == null) {
            return ForecastResult.none(metric, "no trained model yet for " + metric);
        }
        if (steps > serving.model().horizon()) {
            throw new IllegalArgumentException("horizon of " + steps + " steps exceeds the serving model's trained "
                    + "horizon of " + serving.model().horizon() + " steps");
        }
        Instant origin = pm.history.origin(now);
        Cached hit = pm.last;
        if (hit != null && hit.fresh(serving, origin, steps, now)) {
            return hit.result();
        }
        synchronized (pm) {
            hit = pm.last;
            if (hit != null && hit.fresh(serving, origin, steps, now)) {
                return hit.result(); // Another caller computed it while this one waited.
            }
            ForecastResult r = compute(pm, serving, metric, origin, steps);
            pm.last = new Cached(serving, origin, steps, now, r);
            return r;
        }
    }

    /**
     * A forecast for one origin, reused until the origin moves (once per step) or the model changes, so that
     * runs and previews within one step share a history query and a forecast. A forecast that had to use stale
     * history is recomputed after {@link #RETRY_AFTER}.
     */
    record Cached(ServingModel model, Instant origin, int steps, Instant at, ForecastResult result) {
        boolean fresh(ServingModel m, Instant o, int s, Instant now) {
            return model == m && origin.equals(o) && steps == s
                    && (!result.degraded() || now.isBefore(at.plus(RETRY_AFTER)));
        }
    }

    /** How long a forecast made without fresh history is reused before the history is asked for again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private ForecastResult compute(PoolModels pm, ServingModel serving, String metric, Instant origin, int steps) {
        HistoryCache.Update u = pm.history.update(source, origin);
        if (u.series() == null || u.series().size() == 0) {
            return ForecastResult.failed(metric, serving.version(), "no history: " + u.failure());
        }
        // With fresh history the forecast starts at the last complete step; without, the last model forecasts
        // from the newest value it has (the planner uses the steps that still lie ahead).
        Instant last = u.series().time(u.series().size() - 1);
        Instant from = last.isBefore(origin) ? last : origin;
        try {
            Forecast f = serving.model().forecast(u.series(), from, steps);
            String note = u.failed() ? "history not updated (" + u.failure() + "): forecast from cached history up "
                    + "to " + from : from.isBefore(origin) ? "no samples after " + from + ": forecast from there" : "";
            return new ForecastResult(f, metric, serving.version(), note, u.failed());
        } catch (RuntimeException e) {
            return ForecastResult.failed(metric, serving.version(), "model failed: " + e.getMessage());
        }
    }

    /** The last {@code steps} values of the pool's cached history (for the preview), or empty. */
    public Optional<io.neuronetes.forecast.TimeSeries> recentHistory(String pool, int steps) {
        PoolModels pm = pools.get(pool);
        if (pm == null) {
            return Optional.empty();
        }
        synchronized (pm) {
            return pm.history.tail(steps);
        }
    }

    /** The pool's serving model, if any. */
    @Override
    public Optional<ServingModel> serving(String pool) {
        PoolModels pm = pools.get(pool);
        return pm == null ? Optional.empty() : Optional.ofNullable(pm.serving);
    }

    /** Installs a serving model (after a training, or loaded from the store) and the history it was trained on. */
    @Override
    public void serve(String pool, ServingModel model, io.neuronetes.forecast.TimeSeries history) {
        PoolModels pm = pools.get(pool);
        if (pm == null || !pm.metric.equals(model.metric())) {
            return; // The pool went away or changed its forecast metric while training.
        }
        synchronized (pm) {
            if (history != null) {
                pm.history.seed(history);
            }
            pm.serving = model;
        }
    }

    /** The name of the pool's load metric, the one its forecasts are of; empty when it has none. */
    private static String loadMetricName(AgentPool pool) {
        return pool.autoscaling().loadMetric().map(m -> m.type().yamlName()).orElse("");
    }

    /** The pool's forecasting state, created on first use (and again when its forecast metric changed). */
    PoolModels models(PoolEntry entry) {
        AgentPool pool = entry.pool();
        String metric = loadMetricName(pool);
        return pools.compute(pool.name(), (k, old) -> old != null && old.metric.equals(metric) ? old
                : new PoolModels(metric, new HistoryCache(MetricRef.of(pool.name(), pool.namespace(), metric),
                        config.prometheus().step(), HISTORY_KEPT)));
    }

    /** A pool appeared or changed. */
    void poolChanged(PoolEntry entry) {
        models(entry);
    }

    /** A pool went away: its models are dropped from memory (the store keeps them). */
    void poolRemoved(String name) {
        pools.remove(name);
    }
}
