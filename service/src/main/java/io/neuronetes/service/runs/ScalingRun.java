package io.neuronetes.service.runs;

import io.neuronetes.scheduler.plan.Decision;
import io.neuronetes.scheduler.plan.Planner;
import io.neuronetes.scheduler.plan.PoolState;
import io.neuronetes.scheduler.plan.ReasonCode;
import io.neuronetes.scheduler.plan.SloCheck;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.actuation.ActuationOutcome;
import io.neuronetes.service.actuation.Actuator;
import io.neuronetes.service.actuation.ScaleCommand;
import io.neuronetes.service.actuation.WorkloadObservation;
import io.neuronetes.service.actuation.WorkloadRef;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolProblem;
import io.neuronetes.service.pools.PoolOrigin;
import io.neuronetes.service.pools.PoolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scaling run of one pool, in order: observe the workload, read the live signals, forecast with the serving
 * model, plan (the scheduler's pure planner), apply the service's rules (fallback hold, override), act through the
 * actuator, record the decision and export it. {@link #evaluate} does the first five steps without side effects,
 * for the preview.
 *
 * <p>Fallback: a run in which any configured signal could not be read never lowers the serving target (metrics
 * that vanish must not scale a pool down); it holds the current target, or goes up to what the planner asks
 * (a schedule floor, a confident forecast), and says so with {@code FALLBACK_HOLD}. A stored override that cannot
 * be read is ignored, and every decision says so with {@code OVERRIDE_INVALID} until it is fixed or replaced.
 *
 * <p>Never throws: every failure becomes a {@link RunOutcome} and metrics.
 */
public final class ScalingRun {

    private static final System.Logger LOG = System.getLogger(ScalingRun.class.getName());
    private static final Pattern LEADING_INT = Pattern.compile("^(\\d+)");

    private final SignalReader signals;
    private final Forecaster forecaster;
    private final Actuator actuator;
    private final ScalerMetrics metrics;
    private final Clock clock;
    private final Function<String, ScaleCommand.SpecVersion> specVersions;

    /** Runs whose commands name no version of the pool's document ({@link ScaleCommand.SpecVersion#UNKNOWN}). */
    public ScalingRun(SignalReader signals, Forecaster forecaster, Actuator actuator, ScalerMetrics metrics,
            Clock clock) {
        this(signals, forecaster, actuator, metrics, clock, pool -> ScaleCommand.SpecVersion.UNKNOWN);
    }

    /**
     * @param specVersions by pool name, the version of the pool's document that is served, for the commands (see
     *                     {@link #specVersions(PoolRegistry)})
     */
    public ScalingRun(SignalReader signals, Forecaster forecaster, Actuator actuator, ScalerMetrics metrics,
            Clock clock, Function<String, ScaleCommand.SpecVersion> specVersions) {
        this.signals = signals;
        this.forecaster = forecaster;
        this.actuator = actuator;
        this.metrics = metrics;
        this.clock = clock;
        this.specVersions = specVersions;
    }

    /**
     * The version of each served pool's document as {@code registry} serves it: the revision and the spec served,
     * when a newer version was refused ({@link PoolRegistry#refused}) which one and why, and whether the document is
     * a resource of the cluster.
     */
    public static Function<String, ScaleCommand.SpecVersion> specVersions(PoolRegistry registry) {
        return pool -> {
            Optional<PoolProblem> refused = registry.refused(pool);
            ScaleCommand.SpecVersion version;
            if (refused.isEmpty()) {
                version = registry.servedRevision(pool).map(ScaleCommand.SpecVersion::served)
                        .orElse(ScaleCommand.SpecVersion.UNKNOWN);
            } else {
                PoolProblem p = refused.get();
                version = new ScaleCommand.SpecVersion(p.servedRevision().orElse(""), p.refusedRevision(), p.errors());
            }
            version = registry.servedSpec(pool).map(version::withSpec).orElse(version);
            boolean resource = registry.pool(pool).map(e -> e.origin().kind() == PoolOrigin.Kind.KUBERNETES)
                    .orElse(true);
            return resource ? version : version.withoutResource();
        };
    }

    /** Runs once for {@code pool} at the clock's current instant. */
    public RunOutcome run(PoolRuntime pool) {
        Instant now = clock.instant();
        long t0 = System.nanoTime();
        RunOutcome outcome;
        try {
            outcome = runAt(pool, now, t0);
        } catch (RuntimeException e) {
            // A bug in a stage, not an expected failure: still an outcome, never a dead scheduler.
            LOG.log(System.Logger.Level.ERROR, "run of " + pool.name() + " failed", e);
            metrics.runError(pool.name(), "run", e.getClass().getSimpleName());
            outcome = new RunOutcome(pool.name(), now, RunOutcome.Status.FAILED, "internal error: " + e,
                    Duration.ofNanos(System.nanoTime() - t0));
        }
        pool.lastRun(outcome);
        metrics.run(pool.name(), outcome);
        return outcome;
    }

    private RunOutcome runAt(PoolRuntime pool, Instant now, long t0) {
        AgentPool spec = pool.entry().pool();
        WorkloadRef target = workload(spec);
        WorkloadObservation seen = actuator.observe(spec.name(), target);
        if (seen.status() == WorkloadObservation.Status.FAILED) {
            metrics.runError(spec.name(), "observe", "error");
        }
        Evaluation ev = evaluate(pool, now, seen);
        ScaleCommand cmd = command(spec, target, ev, now);
        ActuationOutcome applied = actuator.apply(cmd);
        if (applied.succeeded() || applied.status() == ActuationOutcome.Status.SKIPPED) {
            // A standby keeps its planner state moving with its own evaluations of the same signals and workload,
            // so that a takeover goes on with the windows, the cooldown and the day's spend, not from a fresh state.
            pool.state(ev.next());
        }
        if (!applied.succeeded()) {
            metrics.runError(spec.name(), "actuate", applied.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        DecisionRecord rec = record(spec, ev, applied);
        int before = pool.log().last().map(DecisionRecord::desired).orElse(ev.decision().current());
        pool.log().add(rec);
        metrics.decision(pool.name(), rec, before, activations(ev.decision()), serving(applied, seen, rec));
        metrics.signals(pool.name(), ev.readings());
        metrics.forecast(pool.name(), spec.autoscaling().predictive(), ev);
        metrics.slo(pool.name(), spec, SloCheck.of(spec, ev.readings().signals()));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!applied.succeeded() && applied.status() != ActuationOutcome.Status.SKIPPED) {
            return new RunOutcome(pool.name(), now, RunOutcome.Status.FAILED, "actuate: " + applied.message(), took);
        }
        List<String> degraded = new ArrayList<>();
        ev.readings().problems().forEach(p -> degraded.add(p.message()));
        if (ev.forecast().degraded()) {
            degraded.add("forecast: " + ev.forecast().note());
        }
        if (ev.fallback() != null) {
            degraded.add(ev.fallback());
        }
        return degraded.isEmpty()
                ? new RunOutcome(pool.name(), now, RunOutcome.Status.OK, summary(rec), took)
                : new RunOutcome(pool.name(), now, RunOutcome.Status.DEGRADED, summary(rec) + "; "
                        + String.join("; ", degraded), took);
    }

    /** Reads, forecasts and plans for {@code pool} at {@code now} without acting or changing anything. */
    public Evaluation evaluate(PoolRuntime pool, Instant now, WorkloadObservation seen) {
        return evaluate(pool, now, seen, signals.read(pool.entry(), now));
    }

    /** As {@link #evaluate(PoolRuntime, Instant, WorkloadObservation)}, with signals already read. */
    public Evaluation evaluate(PoolRuntime pool, Instant now, WorkloadObservation seen,
            SignalReader.Readings readings) {
        AgentPool spec = pool.entry().pool();
        ForecastResult fr = forecaster.forecast(pool.entry(), now);
        Instant start = now;
        PoolState state = pool.state().orElseGet(() -> initial(spec, seen, start));
        if (state.lastDecision() != null && now.isBefore(state.lastDecision())) {
            now = state.lastDecision(); // The clock stepped back; the planner needs time to move forward.
        }
        var sig = readings.signals();
        if (seen.status() == WorkloadObservation.Status.OBSERVED) {
            sig = sig.withReady(seen.ready());
        }
        Instant at = now;
        ManualOverride o = pool.override().filter(x -> x.activeAt(at)).orElse(null);
        Decision d = o == null ? Planner.plan(state, sig, fr.forecast(), spec, now)
                : Planner.hold(state, sig, fr.forecast(), spec, now, o.replicas());
        int lead = fr.forecast() == null ? 1 : (int) Math.max(1, Math.ceil(spec.coldStart().toMillis()
                / (double) fr.forecast().step().toMillis()));
        List<DecisionRecord.ReasonView> extra = new ArrayList<>();
        pool.storedOverrideProblem().ifPresent(p -> extra.add(new DecisionRecord.ReasonView("OVERRIDE_INVALID", p)));
        if (o != null) {
            extra.add(new DecisionRecord.ReasonView("OVERRIDE", "manual override to " + o.replicas()
                    + " replicas until " + o.until() + ": " + o.reason()));
            return new Evaluation(readings, fr, d, d.desired(), Math.max(0, d.provisioned() - d.desired()), extra,
                    null, o, d.state(), lead);
        }
        if (!readings.problems().isEmpty() && d.desired() < d.current()) {
            String why = "FALLBACK_HOLD: " + readings.problems().size() + " signal(s) unreadable ("
                    + String.join(", ", readings.problems().stream().map(SignalReader.Problem::metric).toList())
                    + "): holding " + d.current() + " instead of scaling down to " + d.desired();
            extra.add(new DecisionRecord.ReasonView("FALLBACK_HOLD", why.substring("FALLBACK_HOLD: ".length())));
            return new Evaluation(readings, fr, d, d.current(), state.warm(), extra, why, null, state, lead);
        }
        return new Evaluation(readings, fr, d, d.desired(), Math.max(0, d.provisioned() - d.desired()), extra, null,
                null, d.state(), lead);
    }

    /**
     * The planner's state for a pool's first run: the observed serving and warm replicas, and the replicas still
     * starting as one cohort ready a full cold start from {@code now} (when they started is not known).
     */
    private static PoolState initial(AgentPool spec, WorkloadObservation seen, Instant now) {
        if (seen.status() != WorkloadObservation.Status.OBSERVED) {
            return PoolState.initial(spec.minReplicas(), 0);
        }
        PoolState observed = PoolState.initial(Math.max(0, seen.replicas()), Math.max(0, seen.warm()));
        if (seen.starting() <= 0) {
            return observed;
        }
        return new PoolState(observed.target(), observed.serving(), observed.warm(),
                List.of(new PoolState.Cohort(now.plus(spec.coldStart()), seen.starting())), List.of(), List.of(),
                null, null, null, null, 0, null, 0);
    }

    /** The workload a pool's spec names. */
    public static WorkloadRef workload(AgentPool spec) {
        return new WorkloadRef(spec.targetRef().kind().yamlName(), spec.namespace(), spec.targetRef().name());
    }

    private ScaleCommand command(AgentPool spec, WorkloadRef target, Evaluation ev, Instant now) {
        List<ScaleCommand.Reason> reasons = new ArrayList<>();
        ev.decision().reasons().forEach(r -> reasons.add(new ScaleCommand.Reason(r.code().name(), r.message())));
        ev.extra().forEach(r -> reasons.add(new ScaleCommand.Reason(r.code(), r.message())));
        if (reasons.isEmpty()) {
            reasons.add(new ScaleCommand.Reason("NO_CHANGE", "nothing asked for a change"));
        }
        double conf = ev.forecast().forecast() == null ? Double.NaN : ev.forecast().forecast().confidence();
        return new ScaleCommand(spec.name(), spec.namespace(), target, ev.desired(), ev.warm(),
                ev.fallback() == null ? activations(ev.decision()) : 0, reasons, now,
                ev.forecast().modelVersion(), conf, ev.override() != null, specVersions.apply(spec.name()));
    }

    /**
     * The pool's serving replicas after a run, for {@code neuronetes_agentpool_replicas}: in dry-run the planner's own
     * count; after a write (or none needed) the serving pods the actuator counted; when the write failed or this
     * replica stands by, what the run observed before it; -1 (keep the last value) when nothing is known.
     */
    static int serving(ActuationOutcome applied, WorkloadObservation seen, DecisionRecord rec) {
        if (applied.status() == ActuationOutcome.Status.RECORDED) {
            return rec.serving();
        }
        if (applied.replicas() >= 0) {
            return applied.replicas();
        }
        return seen.status() == WorkloadObservation.Status.OBSERVED ? seen.replicas() : -1;
    }

    /** Warm activations of a decision, from its WARM_ACTIVATION reason ("%d warm replicas start serving"). */
    static int activations(Decision d) {
        return d.reasons().stream().filter(r -> r.code() == ReasonCode.WARM_ACTIVATION).findFirst().map(r -> {
            Matcher m = LEADING_INT.matcher(r.message());
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }).orElse(0);
    }

    private static DecisionRecord record(AgentPool spec, Evaluation ev, ActuationOutcome applied) {
        String pool = spec.name();
        Decision d = ev.decision();
        List<DecisionRecord.ReasonView> reasons = new ArrayList<>(DecisionRecord.reasons(d));
        reasons.addAll(ev.extra());
        boolean held = ev.fallback() != null;
        return new DecisionRecord(d.at(), pool, d.current(), ev.desired(), held ? ev.desired() : d.serving(),
                held ? ev.warm() : d.warm(), held ? 0 : d.starting(), reasons, DecisionRecord.actions(d),
                DecisionRecord.InputsView.of(d.inputs()), ev.readings().values(), ev.readings().problems(),
                DecisionRecord.ForecastSummary.of(ev, spec), ev.fallback(), ev.override() != null,
                new DecisionRecord.ReasonView(applied.status().name(), applied.message()));
    }

    private static String summary(DecisionRecord r) {
        return r.current() == r.desired() ? "kept " + r.desired() + " (" + String.join(",", r.codes()) + ")"
                : r.current() + " -> " + r.desired() + " (" + String.join(",", r.codes()) + ")";
    }
}
