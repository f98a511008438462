package io.neuronetes.service.app;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.actuation.Active;
import io.neuronetes.service.actuation.Actuator;
import io.neuronetes.service.actuation.WorkloadObservation;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.FilePoolSource;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.pools.PoolProblem;
import io.neuronetes.service.pools.PoolRegistry;
import io.neuronetes.service.pools.PoolSource;
import io.neuronetes.service.runs.Evaluation;
import io.neuronetes.service.runs.Forecaster;
import io.neuronetes.service.runs.ManualOverride;
import io.neuronetes.service.runs.OverrideStore;
import io.neuronetes.service.runs.Overrides;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunLoop;
import io.neuronetes.service.runs.ScalingRun;
import io.neuronetes.service.runs.SignalReader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the served pools: keeps one {@link PoolRuntime} per pool of the {@link PoolRegistry}, schedules its runs
 * at the pool's period (the shorter of {@code behavior.scaleUp.periodSeconds} and
 * {@code behavior.scaleDown.periodSeconds}) on the {@link RunLoop}, and ticks the loop every second. Starts the pool
 * sources: the folder of {@code neuronetes.pools.folder}, the bundled example in the embedded default, and every
 * CDI bean implementing {@link PoolSource} (such as a Kubernetes source). Every {@link #NOT_SERVED_PERIOD} it reports
 * the documents that are not served to the actuator ({@link Actuator#notServed}), so that an AgentPool nothing
 * serves says so in its status.
 */
@ApplicationScoped
public class Scaler implements PoolRegistry.Listener {

    private static final System.Logger LOG = System.getLogger(Scaler.class.getName());

    /**
     * How often the documents not served are reported: a document refused, and a replica that comes to lead, are
     * reported within this time. The report writes only what changed, so a steady state costs nothing.
     */
    static final Duration NOT_SERVED_PERIOD = Duration.ofSeconds(5);

    @Inject
    NeuronetesConfig config;
    @Inject
    PoolRegistry registry;
    @Inject
    ScalerMetrics metrics;
    @Inject
    SignalReader signals;
    @Inject
    @Active
    Actuator actuator;
    @Inject
    Clock clock;
    @Inject
    io.quarkus.scheduler.Scheduler scheduler;
    @Inject
    Demo demo;
    @Inject
    Forecasts forecasts;
    @Inject
    Training training;
    @Inject
    @Any
    Instance<PoolSource> beanSources;
    @Inject
    OverrideStore overrideStore;

    private final Map<String, PoolRuntime> runtimes = new ConcurrentHashMap<>();
    private final List<PoolSource> started = new ArrayList<>();
    private RunLoop loop;
    private ScalingRun run;
    private Overrides overrides;

    void start(@Observes @Priority(10) StartupEvent e) {
        loop = new RunLoop(config.runs().threads(), "scaling-run");
        run = new ScalingRun(signals, forecaster(), actuator, metrics, clock, ScalingRun.specVersions(registry));
        overrides = new Overrides(overrideStore, clock, config.api().overrideLifetime());
        registry.addListener(this);
        List<PoolSource> sources = new ArrayList<>();
        sources.add(new FilePoolSource(config.pools().folder(), config.pools().rescanInterval()));
        if (demo.active()) {
            sources.add(demo.poolSource());
            LOG.log(System.Logger.Level.INFO, "no neuronetes.prometheus.url: running the embedded default (pool "
                    + Demo.POOL + " replaying a bundled trace, dry-run)");
        }
        beanSources.forEach(sources::add);
        for (PoolSource s : sources) {
            try {
                s.start(registry);
                started.add(s);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, "pool source " + s.name() + " failed to start", ex);
            }
        }
        metrics.pools(registry.pools().size(), registry.problems());
        // Scheduled here rather than by annotation: the framework starts annotated jobs before the configuration
        // check, so a start refused for bad settings could still tick once while shutting down (a stack trace).
        scheduler.newJob("scaling-tick").setInterval("1s").setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> tick()).schedule();
        scheduler.newJob("not-served-report").setInterval(NOT_SERVED_PERIOD.toSeconds() + "s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> actuator.notServed(registry.problems(), clock.instant())).schedule();
    }

    void stop(@Observes ShutdownEvent e) {
        started.forEach(PoolSource::close);
        if (loop != null) {
            loop.close();
        }
    }

    /** Submits the runs that are due; every second, once {@link #start} has scheduled it. */
    void tick() {
        if (loop != null) {
            loop.tick(clock.instant());
            metrics.runLoop(loop.stats());
        }
    }

    private Forecaster forecaster() {
        return forecasts::forecast;
    }

    /**
     * A pool appeared or changed: (re)schedules its runs. The override stored with it is put in force when the pool
     * is new here (a restarted replica, a replica that loads it) or when that override changed (accepted by
     * another replica), and the override in force ends when the stored one was removed (by hand, or by another
     * replica's end); then, on the replica that acts on the cluster, the pool runs at once, as after
     * {@link #endOverride}, and a standby waits for its next scheduled run. The replica that acts ends nothing on
     * what the entry shows alone (it may be behind the API server): when the change leaves the override in force
     * unshown it runs the pool at once, and the run first reads the store ({@link Overrides#verify}). A change of
     * the stored override changes nothing else. Each run starts with that check, which reads the store only while
     * the entry does not show the override in force, or in the first run after this replica starts acting (a
     * standby went by its entries alone), and is followed by the removal of a stored override that lapsed
     * ({@link Overrides#removeLapsed}).
     */
    @Override
    public void upserted(PoolEntry entry) {
        PoolRuntime existing = runtimes.get(entry.name());
        PoolEntry before = existing == null ? null : existing.entry();
        PoolRuntime rt = runtimes.compute(entry.name(), (name, old) -> {
            if (old == null) {
                return new PoolRuntime(entry, config.runs().decisionLogSize());
            }
            old.entry(entry);
            return old;
        });
        boolean acting = actuator.standingBy().isEmpty();
        Overrides.Restored restored = overrides.restore(rt, before, acting);
        if (!entry.sameSpec(before)) {
            schedule(rt, entry);
        }
        if (restored == Overrides.Restored.ENDED) {
            metrics.overrideEnded(entry.name());
        }
        if (acting && (restored == Overrides.Restored.ENDED || restored == Overrides.Restored.UNVERIFIED)) {
            loop.runNow(entry.name());
        }
    }

    /** (Re)schedules the runs of a new or changed pool. */
    private void schedule(PoolRuntime rt, PoolEntry entry) {
        Duration period = period(entry.pool());
        Instant now = clock.instant();
        // Spread first runs over one period so that many pools do not all run in the same second.
        Instant first = now.plusMillis(Math.floorMod(entry.name().hashCode(), period.toMillis()));
        loop.schedule(entry.name(), period, first, () -> {
            boolean acting = actuator.standingBy().isEmpty();
            if (overrides.verify(rt, acting) == Overrides.Restored.ENDED) { // before the run, which decides without it
                metrics.overrideEnded(rt.name());
            }
            run.run(rt);
            overrides.removeLapsed(rt); // after the run, so that it never delays or changes a decision
        });
        forecasts.poolChanged(entry);
        training.poolChanged(entry);
        metrics.pool(entry.name());
    }

    @Override
    public void removed(String name) {
        loop.cancel(name);
        runtimes.remove(name);
        previewSignals.remove(name);
        actuator.forget(name);
        forecasts.poolRemoved(name);
        metrics.forget(name);
    }

    @Override
    public void resolved(int served, List<PoolProblem> problems) {
        metrics.pools(served, problems);
    }

    /** The pool's period: the shorter of its scale-up and scale-down periods. */
    static Duration period(AgentPool pool) {
        var b = pool.autoscaling().behavior();
        return Duration.ofSeconds(Math.min(b.scaleUp().periodSeconds(), b.scaleDown().periodSeconds()));
    }

    public Optional<PoolRuntime> runtime(String name) {
        return Optional.ofNullable(runtimes.get(name));
    }

    public Collection<PoolRuntime> runtimes() {
        return runtimes.values();
    }

    public PoolRegistry registry() {
        return registry;
    }

    /** Live signals and workload state read for previews, reused for {@link #PREVIEW_SIGNALS_TTL}. */
    private record Sampled(Instant at, SignalReader.Readings readings, WorkloadObservation seen) {
    }

    /**
     * How long previews reuse the signals they read: many clients polling one pool then cost one set of queries
     * per interval instead of one per request. Runs always read fresh signals.
     */
    static final Duration PREVIEW_SIGNALS_TTL = Duration.ofSeconds(2);

    private final Map<String, Sampled> previewSignals = new ConcurrentHashMap<>();

    /** What the planner would decide for the pool now, without acting. */
    public Evaluation preview(PoolRuntime rt) {
        Instant now = clock.instant();
        Sampled s = previewSignals.get(rt.name());
        if (s == null || !now.isBefore(s.at().plus(PREVIEW_SIGNALS_TTL))) {
            synchronized (rt) {
                s = previewSignals.get(rt.name());
                if (s == null || !now.isBefore(s.at().plus(PREVIEW_SIGNALS_TTL))) {
                    AgentPool spec = rt.entry().pool();
                    s = new Sampled(now, signals.read(rt.entry(), now), actuator.observe(spec.name(),
                            ScalingRun.workload(spec)));
                    previewSignals.put(rt.name(), s);
                }
            }
        }
        return run.evaluate(rt, now, s.seen(), s.readings());
    }

    /** Runs the pool now, outside its schedule (used by tests and after an override). */
    public boolean runNow(String name) {
        return loop.runNow(name);
    }

    /**
     * Holds the pool at {@code replicas} (clamped to its bounds) for the configured override lifetime: stores the
     * override (in Kubernetes mode on the AgentPool, see {@link Overrides}), puts it in force and runs the pool.
     *
     * @return the override in force
     * @throws OverrideStore.NotStoredException when it could not be stored; nothing is applied then
     */
    public ManualOverride override(PoolRuntime rt, int replicas, String reason) {
        String name = rt.name();
        ManualOverride o;
        try {
            o = overrides.accept(rt, replicas, reason);
        } catch (OverrideStore.NotStoredException ex) {
            LOG.log(System.Logger.Level.WARNING, "override of " + name + " to " + replicas + " replicas not applied: "
                    + ex.getMessage());
            throw ex;
        }
        metrics.overrideAccepted(name);
        LOG.log(System.Logger.Level.INFO, "override of " + name + " to " + o.replicas() + " replicas until "
                + o.until() + ": " + reason);
        loop.runNow(name);
        return o;
    }

    /**
     * Ends the pool's override in force at once: stores its end (in Kubernetes mode removes the AgentPool's
     * annotation, see {@link Overrides#end}), ends it and runs the pool, whose planner decides again from the
     * current size.
     *
     * @param reason why, for the log; null when none was given
     * @return the override that was in force, or empty when none was
     * @throws OverrideStore.NotStoredException when the end could not be stored; the override stays in force then
     */
    public Optional<ManualOverride> endOverride(PoolRuntime rt, String reason) {
        String name = rt.name();
        Optional<ManualOverride> ended;
        try {
            ended = overrides.end(rt);
        } catch (OverrideStore.NotStoredException ex) {
            LOG.log(System.Logger.Level.WARNING, "override of " + name + " not ended: " + ex.getMessage());
            throw ex;
        }
        String why = reason == null ? "" : ": " + reason;
        if (ended.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no override of " + name + " in force to end" + why);
            return ended;
        }
        ManualOverride o = ended.get();
        metrics.overrideEnded(name);
        LOG.log(System.Logger.Level.INFO, "override of " + name + " to " + o.replicas() + " replicas until "
                + o.until() + " (" + o.reason() + ") ended" + why);
        loop.runNow(name);
        return ended;
    }

    /** Why this replica may not act on the cluster now (it stands by), or empty when it may. */
    public java.util.Optional<String> standingBy() {
        return actuator.standingBy();
    }

    /** The actuator's mode, for the API. */
    public String actuatorMode() {
        return actuator.mode();
    }

    /** Whether the embedded default is running. */
    public boolean demo() {
        return demo.active();
    }

    /** How the run loop keeps up: runs started, ticks skipped, waits for a free worker. */
    public RunLoop.Stats runStats() {
        return loop.stats();
    }

    /** The longest wait of a run for a free worker since the previous call; resets it. */
    public Duration takeMaxRunWait() {
        return loop.takeMaxWait();
    }

    /** The loop, for tests. */
    RunLoop loop() {
        return loop;
    }
}
