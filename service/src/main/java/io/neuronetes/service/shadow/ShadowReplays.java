package io.neuronetes.service.shadow;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.metrics.MetricsSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs shadow replays in the background and keeps their results. A request for a pool and a number of days starts
 * the replay if there is no usable result and answers {@link Outcome.Running} until it is done. A result (or a
 * "history too short" failure) stays valid while the pool's spec is unchanged and no new whole day of history has
 * completed (the replay covers whole UTC days); a failure to read the history is retried after
 * {@link #RETRY_AFTER}. One replay runs at a time, at low priority, so scaling runs keep the CPU.
 */
@ApplicationScoped
public class ShadowReplays {

    private static final System.Logger LOG = System.getLogger(ShadowReplays.class.getName());
    /** How long a failure to read the history is kept before a request tries again. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    /** Replays waiting beyond this many are refused (each pool and days value is one). */
    static final int MAX_QUEUED = 16;

    /** What a request gets. */
    public sealed interface Outcome {
        /** The replay is done. */
        record Done(ShadowReport report) implements Outcome {
        }

        /** The replay is queued or running since {@code since}. */
        record Running(Instant since, String message) implements Outcome {
        }

        /** The replay cannot run: {@code status} is the HTTP status that says why (422 history, 503 source). */
        record Failed(int status, String message) implements Outcome {
        }
    }

    private record Key(String pool, int days) {
    }

    /** One replay: the spec and day it is valid for, and its outcome so far. */
    private static final class Job {
        final AgentPool spec;
        final Instant day;
        volatile Outcome outcome;
        volatile Instant expires = Instant.MAX;

        Job(AgentPool spec, Instant day, Outcome outcome) {
            this.spec = spec;
            this.day = day;
            this.outcome = outcome;
        }
    }

    @Inject
    MetricsSource source;
    @Inject
    NeuronetesConfig config;
    @Inject
    Clock clock;

    private final Supplier<Trainer> trainer = ReplayTrainer::production;
    private final Map<Key, Job> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(MAX_QUEUED), r -> {
                Thread t = new Thread(r, "shadow-replay");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });

    /**
     * The shadow replay of {@code pool} over its last {@code days} whole days: the cached result, or a replay started
     * now (or already running).
     */
    public Outcome get(AgentPool pool, int days) {
        Instant now = clock.instant();
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        Key key = new Key(pool.name(), days);
        Job[] started = new Job[1];
        Job job = jobs.compute(key, (k, old) -> {
            if (old != null && old.spec.equals(pool) && old.day.equals(day) && now.isBefore(old.expires)) {
                return old;
            }
            started[0] = new Job(pool, day, new Outcome.Running(now, "queued"));
            return started[0];
        });
        if (started[0] != null) {
            try {
                executor.execute(() -> compute(started[0], pool, days, now));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                jobs.remove(key, started[0]);
                return new Outcome.Failed(503, "too many shadow replays waiting; try again in a few minutes");
            }
        }
        return job.outcome;
    }

    private void compute(Job job, AgentPool pool, int days, Instant now) {
        job.outcome = new Outcome.Running(((Outcome.Running) job.outcome).since(), "replaying");
        long t0 = System.nanoTime();
        try {
            TimeSeries history = new ShadowHistory(source, config.prometheus().step()).read(pool, days, now);
            ShadowReplay.Result r = ShadowReplay.run(history, pool, days, trainer.get());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            job.outcome = new Outcome.Done(ShadowReport.of(pool.name(), days, r, pool.slo().availabilityPercent(),
                    source.name(), clock.instant(), took));
            LOG.log(System.Logger.Level.INFO, "shadow replay of " + pool.name() + " over " + days + " days took "
                    + took.toMillis() + " ms");
        } catch (ShadowException e) {
            job.outcome = new Outcome.Failed(422, e.getMessage());
        } catch (ShadowHistory.Unavailable e) {
            job.expires = clock.instant().plus(RETRY_AFTER);
            job.outcome = new Outcome.Failed(503, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "shadow replay of " + pool.name() + " failed", e);
            job.expires = clock.instant().plus(RETRY_AFTER);
            job.outcome = new Outcome.Failed(500, "shadow replay failed: " + e);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
