package io.neuronetes.service.observe;

import io.neuronetes.scheduler.plan.SloCheck;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.Predictive;
import io.neuronetes.service.runs.RunLoop;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The service's metrics, in a registry of its own (not the client's global default), exposed at {@code /metrics}
 * in the Prometheus text format. Names follow the autoscaling guide; every per-pool series carries {@code pool}.
 * The live signals the scaler read are re-exported under the guide's names with {@code source="scaler"}, so that
 * the default queries ({@code source!="scaler"}) never read the scaler's own copies back. docs/metrics.md lists
 * every series. Thread-safe.
 */
public final class ScalerMetrics {

    /** Re-exported signal gauges by metric type: the guide's names where it has them. */
    private static final Map<String, String> SIGNAL_NAMES = Map.of(
            "tokens-in-queue", "neuronetes_tokens_in_queue",
            "concurrent-sessions", "neuronetes_concurrent_sessions",
            "ttft-p95", "neuronetes_ttft_p95_milliseconds",
            "tokens-per-second", "neuronetes_tokens_per_second",
            "queue-depth", "neuronetes_queue_depth",
            "context-length", "neuronetes_context_length_tokens",
            "tool-call-rate", "neuronetes_tool_call_rate");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    final Gauge replicas = gauge("neuronetes_agentpool_replicas", "Serving replicas of the pool's workload", "pool");
    final Gauge desired = gauge("neuronetes_agentpool_desired_replicas", "Serving replicas the last decision wants",
            "pool");
    final Counter scaleOperations = counter("neuronetes_agentpool_scale_operations_total",
            "Decisions that changed the replica count, by direction and the reason that decided it", "pool",
            "direction", "reason");
    final Counter scaleUp = counter("neuronetes_scale_up_total", "Decisions that added replicas", "pool");
    final Counter scaleDown = counter("neuronetes_scale_down_total", "Decisions that removed replicas", "pool");
    final Gauge warm = gauge("neuronetes_warm_pool_replicas", "Warm replicas (ready, not serving)", "pool");
    final Counter activations = counter("neuronetes_warm_pool_activations_total",
            "Warm replicas switched to serving", "pool");
    final Map<String, Gauge> signals = signalGauges();
    final Gauge external = gauge("neuronetes_external_metric_value", "Value of an external metric as read", "pool",
            "metric", "source");
    final Gauge forecastPoint = gauge("neuronetes_forecast_value",
            "Point forecast of the pool's load at the lead time", "pool", "metric");
    final Gauge forecastLower = gauge("neuronetes_forecast_lower",
            "Lower bound of the 80% interval at the lead time", "pool", "metric");
    final Gauge forecastUpper = gauge("neuronetes_forecast_upper",
            "Upper bound of the 80% interval at the lead time", "pool", "metric");
    final Gauge confidence = gauge("neuronetes_forecast_confidence", "Confidence of the last forecast, 0..1", "pool");
    final Gauge gate = gauge("neuronetes_forecast_gate_open",
            "1 when the last forecast's confidence reached minConfidence and the prediction was used; only for pools "
                    + "with predictive scaling enabled", "pool");
    final Gauge minConfidence = gauge("neuronetes_forecast_min_confidence",
            "The pool's minConfidence; only for pools with predictive scaling enabled", "pool");
    final Counter sloChecks = counter("neuronetes_slo_checks_total",
            "Runs whose measured SLO metrics met or missed the pool's SLO (result met or missed); only for pools with "
                    + "sloTarget enabled, and only runs that measured an SLO metric", "pool", "result");
    final Gauge availabilityTarget = gauge("neuronetes_slo_availability_target",
            "The pool's availabilityPercent / 100, the share of SLO checks that should be met; only for pools with "
                    + "sloTarget enabled", "pool");
    final Gauge trainingSeconds = gauge("neuronetes_model_training_duration_seconds",
            "Duration of the pool's last training, backtest included", "pool");
    final Counter trainings = counter("neuronetes_model_trainings_total",
            "Retrain jobs by outcome: trained, kept_previous, failed", "pool", "outcome");
    final Gauge retrainSucceededAt = gauge("neuronetes_model_retrain_last_success_timestamp_seconds",
            "When the pool's last retrain job that left it a model to serve ended (outcome trained or kept_previous; "
                    + "Unix time)", "pool");
    final Gauge relMae = gauge("neuronetes_model_backtest_relative_mae",
            "Backtest MAE of the serving model relative to seasonal-naive-week", "pool", "metric");
    final Gauge coverage = gauge("neuronetes_model_backtest_coverage80",
            "Backtest coverage of the serving model's 80% interval", "pool", "metric");
    final Gauge trainedAt = gauge("neuronetes_model_trained_timestamp_seconds",
            "When the serving model was trained (Unix time)", "pool", "metric");
    final Counter runs = counter("neuronetes_runs_total", "Scaling runs by outcome: ok, degraded, failed", "pool",
            "outcome");
    final Counter runErrors = counter("neuronetes_run_errors_total",
            "Problems met by scaling runs, by stage (metrics, observe, actuate, run) and kind", "pool", "stage",
            "kind");
    final Gauge runSeconds = gauge("neuronetes_run_duration_seconds", "Duration of the pool's last scaling run",
            "pool");
    final Gauge fallback = gauge("neuronetes_agentpool_fallback",
            "1 when the last run could not use the pool's signals and held its size or the schedule floor", "pool");
    final Gauge override = gauge("neuronetes_agentpool_override_active",
            "1 while a manual override (POST /v1/scale) holds the pool's size", "pool");
    final Counter overrides = counter("neuronetes_agentpool_overrides_total", "Manual overrides accepted", "pool");
    final Counter loopStarted = counter("neuronetes_run_loop_started_total", "Scaling runs started by the run loop");
    final Counter loopSkipped = counter("neuronetes_run_loop_skipped_ticks_total",
            "Due runs not started because the pool's previous run was still going or waiting for a run thread");
    final Counter loopWait = counter("neuronetes_run_loop_wait_seconds_total",
            "Time runs waited for a free run thread between being due and starting");
    private RunLoop.Stats loopExported = new RunLoop.Stats(0, 0, 0, java.time.Duration.ZERO);
    /** Whether this replica leads, asked at every scrape; null while the service does not act on a cluster. */
    private volatile BooleanSupplier leading;
    final GaugeWithCallback leader = GaugeWithCallback.builder().name("neuronetes_leader")
            .help("1 while this replica holds the leader lease and may act on the cluster, else 0; only when the "
                    + "service acts on a cluster")
            .callback(cb -> {
                BooleanSupplier l = leading;
                if (l != null) {
                    cb.call(l.getAsBoolean() ? 1 : 0);
                }
            }).register(registry);
    final Gauge pools = gauge("neuronetes_pools", "Pools being served");
    final Gauge invalid = gauge("neuronetes_pool_invalid",
            "1 per pool document that is not served (invalid spec, unreadable file, name conflict)", "origin",
            "kind");

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Map<String, Gauge> signalGauges() {
        Map<String, Gauge> m = new java.util.HashMap<>();
        SIGNAL_NAMES.forEach((type, name) -> m.put(type, gauge(name, "Live value of " + type
                + " as the scaler read it (averaged over its window)", "pool", "source")));
        return Map.copyOf(m);
    }

    /** The registry, for tests and for adding collectors. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Writes every series in the Prometheus text format (version 0.0.4). */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The content type of {@link #write}. */
    public String contentType() {
        return writer.getContentType();
    }

    /**
     * Creates at 0 a served pool's counters that the alerts and the guide's dashboard take {@code increase()} of:
     * {@code increase()} does not count a series' first sample, so a counter born at 1 would hide the pool's first
     * failure, scale-up, scale-down, warm activation or override.
     */
    public void pool(String pool) {
        runs.labelValues(pool, "failed");
        runErrors.labelValues(pool, "actuate", "failed");
        trainings.labelValues(pool, "failed");
        scaleUp.labelValues(pool);
        scaleDown.labelValues(pool);
        activations.labelValues(pool);
        overrides.labelValues(pool);
    }

    /** Drops every series of a pool that went away. */
    public void forget(String pool) {
        for (Gauge g : List.of(replicas, desired, warm, forecastPoint, forecastLower, forecastUpper, confidence, gate,
                minConfidence, trainingSeconds, retrainSucceededAt, relMae, coverage, trainedAt, runSeconds, fallback,
                override, external, availabilityTarget)) {
            g.removeIf(labels -> labels.get(0).equals(pool));
        }
        signals.values().forEach(g -> g.removeIf(labels -> labels.get(0).equals(pool)));
        for (Counter c : List.of(scaleOperations, scaleUp, scaleDown, activations, trainings, runs, runErrors,
                overrides, sloChecks)) {
            c.removeIf(labels -> labels.get(0).equals(pool));
        }
    }

    /** Sets the live value of a signal of the guide's types; unknown types are exported as external metrics. */
    public void signal(String pool, String type, double value) {
        Gauge g = signals.get(type);
        // The guide exports ttft in milliseconds; the planner reads seconds.
        double v = type.equals("ttft-p95") ? value * 1000 : value;
        if (g != null) {
            g.labelValues(pool, "scaler").set(v);
        } else {
            external.labelValues(pool, type, "scaler").set(value);
        }
    }

    /** Removes a signal that could not be read, so that a stale value is never exported. */
    public void signalMissing(String pool, String type) {
        Gauge g = signals.get(type);
        if (g != null) {
            g.remove(pool, "scaler");
        } else {
            external.remove(pool, type, "scaler");
        }
    }

    /** Exports one run's outcome. */
    public void run(String pool, io.neuronetes.service.runs.RunOutcome o) {
        runs.labelValues(pool, o.status().name().toLowerCase(java.util.Locale.ROOT)).inc();
        runSeconds.labelValues(pool).set(o.duration().toNanos() / 1e9);
    }

    /**
     * Exports the run loop's counters ({@link RunLoop#stats()}, cumulative): whether the loop keeps the pools'
     * periods. Called after every tick.
     */
    public synchronized void runLoop(RunLoop.Stats now) {
        RunLoop.Stats d = now.since(loopExported);
        loopStarted.inc(Math.max(0, d.started()));
        loopSkipped.inc(Math.max(0, d.skipped()));
        loopWait.inc(Math.max(0, d.totalWait().toNanos() / 1e9));
        loopExported = now;
    }

    /** Counts a problem met by a run at {@code stage}. */
    public void runError(String pool, String stage, String kind) {
        runErrors.labelValues(pool, stage, kind).inc();
    }

    /** Exports the live values a run read; unreadable ones are removed and counted. */
    public void signals(String pool, io.neuronetes.service.runs.SignalReader.Readings r) {
        r.values().forEach((name, v) -> signal(pool, name, v));
        for (var p : r.problems()) {
            signalMissing(pool, p.metric());
            runError(pool, "metrics", p.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Exports a recorded decision: replica gauges, and scale operations when the serving target changed.
     * {@code serving} is the pool's serving replicas after the run, or -1 to keep the last value.
     */
    public void decision(String pool, io.neuronetes.service.runs.DecisionRecord r, int before, int activated,
            int serving) {
        if (serving >= 0) {
            replicas.labelValues(pool).set(serving);
        }
        desired.labelValues(pool).set(r.desired());
        warm.labelValues(pool).set(r.warm());
        fallback.labelValues(pool).set(r.fallback() == null ? 0 : 1);
        override.labelValues(pool).set(r.override() ? 1 : 0);
        if (activated > 0) {
            activations.labelValues(pool).inc(activated);
        }
        if (r.desired() != before) {
            String direction = r.desired() > before ? "up" : "down";
            scaleOperations.labelValues(pool, direction, deciding(r)).inc();
            (r.desired() > before ? scaleUp : scaleDown).labelValues(pool).inc();
        }
    }

    /**
     * Exports the forecast an evaluation used (at the pool's lead time), its confidence, and for a pool with
     * predictive scaling enabled the gate and its minConfidence. A pool that does not forecast has no gate series,
     * so that "the gate stayed closed" means low confidence or a missing forecast, never a reactive-only pool.
     */
    public void forecast(String pool, Predictive predictive, io.neuronetes.service.runs.Evaluation ev) {
        var f = ev.forecast().forecast();
        if (f == null) {
            for (Gauge g : List.of(forecastPoint, forecastLower, forecastUpper)) {
                g.removeIf(labels -> labels.get(0).equals(pool));
            }
            confidence.remove(pool);
        } else {
            String metric = ev.forecast().metric();
            int h = leadStep(f, ev);
            forecastPoint.labelValues(pool, metric).set(f.point(h));
            forecastLower.labelValues(pool, metric).set(f.lower(h));
            forecastUpper.labelValues(pool, metric).set(f.upper(h));
            confidence.labelValues(pool).set(f.confidence());
        }
        if (predictive.enabled()) {
            minConfidence.labelValues(pool).set(predictive.minConfidence());
            gate.labelValues(pool).set(ev.decision().inputs().predicted() >= 0 ? 1 : 0);
        } else {
            minConfidence.remove(pool);
            gate.remove(pool);
        }
    }

    /**
     * Counts one run's SLO check and exports the availability it is measured against, for pools whose SLO stage is
     * on; both series go away when it is turned off (the counts stay until the pool goes away). Both results start
     * at 0, so that the share of missed checks is defined from the first check.
     */
    public void slo(String pool, AgentPool spec, SloCheck check) {
        if (!spec.autoscaling().sloTarget().enabled()) {
            availabilityTarget.remove(pool);
            return;
        }
        availabilityTarget.labelValues(pool).set(spec.slo().availabilityPercent() / 100.0);
        if (check.result() != SloCheck.Result.NOT_MEASURED) {
            sloChecks.labelValues(pool, "met");
            sloChecks.labelValues(pool, "missed");
            sloChecks.labelValues(pool, check.result() == SloCheck.Result.MET ? "met" : "missed").inc();
        }
    }

    /**
     * Exports {@code neuronetes_leader} from now on, asking {@code leads} at every scrape. Called once when the
     * service acts on a cluster; until then (and in dry-run) the series is absent.
     */
    public void leadership(BooleanSupplier leads) {
        leading = leads;
    }

    /**
     * Exports a retrain job's outcome. A job that ended {@code trained} or {@code kept_previous} also sets the pool's
     * last success: a serving model that keeps beating its daily candidates grows old without anything being wrong,
     * so the staleness alert asks for both an old model and no recent success.
     */
    public void training(String pool, String outcome, double seconds, Instant endedAt) {
        trainings.labelValues(pool, outcome).inc();
        trainingSeconds.labelValues(pool).set(seconds);
        if (!outcome.equals("failed")) {
            retrainSucceededAt.labelValues(pool).set(endedAt.getEpochSecond());
        }
    }

    /** Exports the serving model's backtest scores. */
    public void servingModel(String pool, String metric, double relativeMae, double coverage80, double trainedAtSec) {
        relMae.labelValues(pool, metric).set(relativeMae);
        coverage.labelValues(pool, metric).set(coverage80);
        trainedAt.labelValues(pool, metric).set(trainedAtSec);
    }

    /** Counts an accepted override. */
    public void overrideAccepted(String pool) {
        overrides.labelValues(pool).inc();
        override.labelValues(pool).set(1);
    }

    /** An override ended before it lapsed: the pool is no longer held (the next run's decision says so too). */
    public void overrideEnded(String pool) {
        override.labelValues(pool).set(0);
    }

    /** Exports how many pools are served and which documents are not. */
    public void pools(int served, List<io.neuronetes.service.pools.PoolProblem> problems) {
        pools.set(served);
        invalid.clear();
        for (var p : problems) {
            invalid.labelValues(p.origin().toString(), p.kind().isEmpty() ? "unreadable" : p.kind()).set(1);
        }
    }

    /** The step of the forecast at the lead time (the pool's cold start), within the horizon. */
    private static int leadStep(io.neuronetes.forecast.Forecast f, io.neuronetes.service.runs.Evaluation ev) {
        return Math.max(1, Math.min(f.horizon(), ev.leadSteps()));
    }

    /** The reason that decided a change: the last limit that applied, else the merge input that won. */
    static String deciding(io.neuronetes.service.runs.DecisionRecord r) {
        java.util.Set<String> limits = java.util.Set.of("OVERRIDE", "FALLBACK_HOLD", "SLO_BREACH", "BUDGET_CAP",
                "BUDGET_EXCEEDED", "BOUNDS", "SCALE_UP_LIMIT", "SCALE_DOWN_LIMIT", "STABILIZED_UP", "STABILIZED_DOWN",
                "COOLDOWN");
        String decided = null;
        for (var reason : r.reasons()) {
            if (limits.contains(reason.code())) {
                decided = reason.code();
            }
        }
        if (decided != null) {
            return decided;
        }
        return r.reasons().stream().map(x -> x.code()).filter(c -> java.util.Set.of("REACTIVE", "PREDICTED",
                "SCHEDULE_FLOOR", "SLO_HEADROOM", "NO_SIGNAL").contains(c)).findFirst().orElse("OTHER");
    }
}
