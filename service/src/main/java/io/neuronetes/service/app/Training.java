package io.neuronetes.service.app;

import io.neuronetes.service.api.Views;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.store.FileModelStore;
import io.neuronetes.service.models.RetrainJob;
import io.neuronetes.service.models.RetrainOutcome;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.pools.PoolRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Retrain jobs: all predictive pools on {@code neuronetes.retrain.cron}, one pool on {@code POST .../retrain}, and
 * at start-up the pools without a model in the store. At most {@code neuronetes.retrain.concurrency} trainings run
 * at once, and starts are spaced by {@code neuronetes.retrain.stagger} so that many pools do not hit Prometheus and
 * the CPU together. A pool is never queued twice. Each job returns an outcome (trained, kept previous, failed and
 * why), kept for the API and exported as metrics; a failing job never stops the others.
 */
@ApplicationScoped
public class Training {

    private static final System.Logger LOG = System.getLogger(Training.class.getName());

    @Inject
    NeuronetesConfig config;
    @Inject
    PoolRegistry registry;
    @Inject
    io.neuronetes.service.metrics.MetricsSource source;
    @Inject
    Forecasts forecasts;
    @Inject
    ScalerMetrics metrics;
    @Inject
    Clock clock;
    @Inject
    Scheduler scheduler;

    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, RetrainOutcome> last = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private volatile RetrainJob job;
    private ScheduledThreadPoolExecutor executor;
    private long nextStartNanos = System.nanoTime();

    void start(@Observes @Priority(20) StartupEvent e) {
        executor = new ScheduledThreadPoolExecutor(config.retrain().concurrency(), r -> {
            Thread t = new Thread(r, "retrain");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY); // Scaling runs come first on a busy machine.
            return t;
        });
        job = new RetrainJob(source, new FileModelStore(config.models().folder(), config.models().keep()), forecasts,
                new ForestTrainer(ForestSettings.defaults().withTrees(config.retrain().trees()), FeatureSpec.defaults()),
                config.prometheus().step());
        for (PoolEntry entry : registry.pools()) {
            boolean loaded = job.loadServing(entry.pool());
            if (loaded) {
                exportServing(entry.name());
            }
            if (!loaded && config.retrain().onStart() && entry.pool().autoscaling().predictive().enabled()) {
                request(entry);
            }
        }
        scheduleRounds();
    }

    /**
     * Schedules the retrain rounds on {@code neuronetes.retrain.cron}. Here rather than with
     * {@code @Scheduled(cron = "${neuronetes.retrain.cron}")}: the framework parses an annotation's cron when it
     * creates the scheduler, ahead of {@code ConfigValidator}, so a bad value stopped start-up with the parser's
     * message, neither naming the key nor letting the other keys' problems be reported. By now {@code ConfigValidator}
     * (an earlier start-up observer) has checked the cron, with the same Quartz parser, together with every other key.
     */
    private void scheduleRounds() {
        scheduler.newJob("retrain-all").setCron(config.retrain().cron())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> retrainAll())
                .schedule();
    }

    /**
     * A pool appeared or changed after start-up: serve its stored model, or queue a training when it has none or
     * its model forecasts fewer steps than the pool now needs.
     */
    public void poolChanged(PoolEntry entry) {
        if (job == null || !entry.pool().autoscaling().predictive().enabled()) {
            return; // Before start-up the start itself loads or trains every pool.
        }
        boolean fits = forecasts.serving(entry.name()).map(m -> m.model().horizon() >= job.horizonSteps(
                entry.pool())).orElse(false);
        if (!fits && job.loadServing(entry.pool())) {
            exportServing(entry.name());
            fits = true;
        }
        if (!fits) {
            request(entry);
        }
    }

    /** Every predictive pool, on the retrain cron. */
    void retrainAll() {
        int n = 0;
        for (PoolEntry entry : registry.pools()) {
            if (entry.pool().autoscaling().predictive().enabled() && request(entry)) {
                n++;
            }
        }
        LOG.log(System.Logger.Level.INFO, "retrain round: " + n + " pools queued");
    }

    /**
     * Queues a retrain of {@code entry}'s pool.
     *
     * @return false when a retrain of that pool is already queued or running
     */
    public boolean request(PoolEntry entry) {
        String pool = entry.name();
        if (executor == null || !pending.add(pool)) {
            return false;
        }
        long delay = slot();
        executor.schedule(() -> runJob(pool), delay, TimeUnit.MILLISECONDS);
        return true;
    }

    /**
     * The delay before the next start: starts are at least {@code stagger} apart. Measured on the monotonic clock,
     * so that a wall clock stepped back does not hold the queue until it catches up.
     */
    private synchronized long slot() {
        long now = System.nanoTime();
        long start = nextStartNanos - now > 0 ? nextStartNanos : now;
        nextStartNanos = start + config.retrain().stagger().toNanos();
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(start - now));
    }

    private void runJob(String pool) {
        running.incrementAndGet();
        try {
            Optional<PoolEntry> entry = registry.pool(pool);
            if (entry.isEmpty()) {
                return; // Removed while queued.
            }
            RetrainOutcome o;
            try {
                o = job.retrain(entry.get().pool(), clock.instant());
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, "retrain of " + pool + " failed", ex);
                o = RetrainOutcome.failed(clock.instant(), Duration.ZERO, "internal error: " + ex);
            }
            last.put(pool, o);
            metrics.training(pool, o.status().label(), o.duration().toNanos() / 1e9, o.at().plus(o.duration()));
            exportServing(pool);
            log(pool, o);
        } finally {
            pending.remove(pool);
            running.decrementAndGet();
        }
    }

    /**
     * Logs a retrain job's outcome: a failed one as a warning, since the previous model keeps serving and nothing
     * else in the log would show that the pool's model is growing old.
     */
    static void log(String pool, RetrainOutcome o) {
        LOG.log(o.status() == RetrainOutcome.Status.FAILED ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "retrain of " + pool + ": " + o.status().label() + ": " + o.message());
    }

    private void exportServing(String pool) {
        forecasts.serving(pool).ifPresent(m -> metrics.servingModel(pool, m.metric(), m.relativeMae(),
                m.coverage80(), m.trainedAt().getEpochSecond()));
    }

    /** The last retrain outcome of {@code pool}, for the API. */
    public Optional<Views.TrainingView> last(String pool) {
        return Optional.ofNullable(last.get(pool)).map(o -> new Views.TrainingView(o.status().label(), o.at(),
                o.message(), o.duration().toNanos() / 1e9));
    }

    /** Whether a retrain of {@code pool} is queued or running. */
    public boolean pending(String pool) {
        return pending.contains(pool);
    }

    /** Trainings running now. */
    public int running() {
        return running.get();
    }
}
