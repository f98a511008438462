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
public class Forecasts {

    /** Lags reach one week back; the horizon adds up to a day. */
    static final Duration HISTORY_KEPT = Duration.ofDays(8);

    /** One pool's forecasting state. */
    static final class PoolModels {
        final String metric;
        final HistoryCache history;
        volatile ServingModel serving;

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

    /** The metric a pool forecasts: its first additive metric, the one the planner divides by. */
    public static Optional<MetricSpec> forecastMetric(AgentPool pool) {
        return pool.autoscaling().metrics().stream().filter(m -> m.type().additive()).findFirst();
    }

    /** A run's forecast: only for pools with predictive scaling enabled. */
    public ForecastResult forecast(PoolEntry entry, Instant now) {
        if (!entry.pool().autoscaling().predictive().enabled()) {
            return ForecastResult.none("predictive scaling is disabled");
        }
        return forecastAlways(entry, now);
    }

    /** The forecast whether or not predictive scaling is enabled (the preview shows it either way). */
    public ForecastResult forecastAlways(PoolEntry entry, Instant now) {
        return forecastAlways(entry, now, horizonSteps(entry.pool()));
    }

    /**
     * The forecast over {@code steps} steps whether or not predictive scaling is enabled.
     *
     * @throws IllegalArgumentException if {@code steps} exceeds the serving model's trained horizon
     */
    public ForecastResult forecastAlways(PoolEntry entry, Instant now, int steps) {
        AgentPool pool = entry.pool();
        Optional<MetricSpec> m = forecastMetric(pool);
        if (m.isEmpty()) {
            return ForecastResult.none("the pool has no additive metric to forecast");
        }
        PoolModels pm = models(entry);
        ServingModel serving = pm.serving;
        String metric = m.get().type().yamlName();
        if (serving == null) {
            return ForecastResult.none("no trained model yet for " + metric);
        }
        Instant origin = pm.history.origin(now);
        HistoryCache.Update u;
        synchronized (pm) {
            u = pm.history.update(source, origin);
        }
        if (u.series() == null || !u.series().end().isAfter(origin.minus(config.prometheus().step()))) {
            return ForecastResult.failed(metric, serving.version(), "no recent history: " + u.failure());
        }
        if (steps > serving.model().horizon()) {
            throw new IllegalArgumentException("horizon of " + steps + " steps exceeds the serving model's trained "
                    + "horizon of " + serving.model().horizon() + " steps");
        }
        int horizon = steps;
        try {
            Forecast f = serving.model().forecast(u.series(), origin, horizon);
            String note = u.failed() ? "history not updated (" + u.failure() + "): forecast from cached history"
                    : "";
            return new ForecastResult(f, metric, serving.version(), note, u.failed());
        } catch (RuntimeException e) {
            return ForecastResult.failed(metric, serving.version(), "model failed: " + e.getMessage());
        }
    }

    /** The pool's horizon in forecast steps. */
    int horizonSteps(AgentPool pool) {
        long stepSec = config.prometheus().step().getSeconds();
        return (int) Math.max(1, Math.ceil(pool.autoscaling().predictive().horizonMinutes() * 60.0 / stepSec));
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
    public Optional<ServingModel> serving(String pool) {
        PoolModels pm = pools.get(pool);
        return pm == null ? Optional.empty() : Optional.ofNullable(pm.serving);
    }

    /** Installs a serving model (after a training, or loaded from the store). */
    void serve(PoolEntry entry, ServingModel model) {
        models(entry).serving = model;
    }

    /** The pool's forecasting state, created on first use (and again when its forecast metric changed). */
    PoolModels models(PoolEntry entry) {
        AgentPool pool = entry.pool();
        String metric = forecastMetric(pool).map(x -> x.type().yamlName()).orElse("");
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
