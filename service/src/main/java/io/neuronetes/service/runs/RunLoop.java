package io.neuronetes.service.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one task per key (a pool) at the key's period, on a bounded pool of worker threads. Driven by
 * {@link #tick(Instant)}, which the service calls every second from quarkus-scheduler and tests call with fixed
 * instants: a due task is submitted unless its previous run is still going (runs of one key never overlap; the
 * skipped tick is counted), so a slow or hung pool holds at most one worker and never delays the others' ticks.
 * A task that throws is caught and counted; the loop never dies. Clock steps neither storm nor stall: after a step
 * forward a key runs once and resumes its period from there; when the clock steps back further than one period,
 * the key runs at the next tick instead of waiting for the clock to catch up. Thread-safe.
 */
public final class RunLoop implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RunLoop.class.getName());

    /** One key's schedule and run state. */
    private static final class Slot {
        final Duration period;
        final Runnable task;
        final AtomicBoolean running = new AtomicBoolean();
        /** A run asked for with {@link #runNow} while one was going: run once more when it ends. */
        final AtomicBoolean again = new AtomicBoolean();
        final AtomicLong skipped = new AtomicLong();
        volatile Instant due;

        Slot(Duration period, Runnable task, Instant due) {
            this.period = period;
            this.task = task;
            this.due = due;
        }
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong skippedTotal = new AtomicLong();
    private final AtomicLong waitNanos = new AtomicLong();
    private final AtomicLong maxWaitNanos = new AtomicLong();

    /**
     * Counters since the loop started, to see whether it keeps up: runs started, ticks skipped because a key's
     * previous run was still going (of every key, also of keys cancelled since), tasks that threw, and the total
     * time runs waited for a free worker between being submitted and starting.
     */
    public record Stats(long started, long skipped, long failures, Duration totalWait) {

        /** The counts between {@code before} and this. */
        public Stats since(Stats before) {
            return new Stats(started - before.started, skipped - before.skipped, failures - before.failures,
                    totalWait.minus(before.totalWait));
        }

        /** The mean wait for a free worker; zero when no run started. */
        public Duration meanWait() {
            return started == 0 ? Duration.ZERO : totalWait.dividedBy(started);
        }
    }

    /** @param threads worker threads, &gt;= 1 */
    public RunLoop(int threads, String threadName) {
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Schedules {@code task} for {@code key} every {@code period}, first at {@code first}; replaces the key's
     * previous schedule (a run already going finishes).
     */
    public void schedule(String key, Duration period, Instant first, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        slots.put(key, new Slot(period, task, first));
    }

    /** Stops scheduling {@code key}; a run already going finishes. */
    public void cancel(String key) {
        slots.remove(key);
    }

    /** Submits every task due at {@code now} whose previous run has finished. */
    public void tick(Instant now) {
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            Slot s = e.getValue();
            if (s.due.isAfter(now.plus(s.period))) {
                // The wall clock stepped back: waiting for it to catch up would stall the key, so run now.
                s.due = now;
            }
            if (now.isBefore(s.due)) {
                continue;
            }
            // Next due time on the key's own grid; after a long stall, skip to the next future slot.
            Instant next = s.due.plus(s.period);
            s.due = next.isAfter(now) ? next : now.plus(s.period);
            if (!submit(e.getKey(), s)) {
                s.skipped.incrementAndGet();
                skippedTotal.incrementAndGet();
            }
        }
    }

    /**
     * Runs {@code key}'s task now, outside its schedule. When a run is going, one more run follows it as soon as it
     * ends (so what changed before this call, such as a manual override, is seen by a run that starts after it);
     * several calls during one run ask for that one follow-up only.
     *
     * @return false when the key is unknown
     */
    public boolean runNow(String key) {
        Slot s = slots.get(key);
        if (s == null) {
            return false;
        }
        if (!submit(key, s)) {
            s.again.set(true);
            // The run may have ended between the two steps; if so, nobody is left to see the flag.
            if (!s.running.get() && s.again.getAndSet(false)) {
                submit(key, s);
            }
        }
        return true;
    }

    private boolean submit(String key, Slot s) {
        if (!s.running.compareAndSet(false, true)) {
            return false;
        }
        long submitted = System.nanoTime();
        try {
            workers.execute(() -> {
                long waited = System.nanoTime() - submitted;
                started.incrementAndGet();
                waitNanos.addAndGet(waited);
                maxWaitNanos.accumulateAndGet(waited, Math::max);
                try {
                    s.task.run();
                } catch (RuntimeException | Error ex) {
                    failures.incrementAndGet();
                    LOG.log(System.Logger.Level.ERROR, "run of " + key + " failed", ex);
                } finally {
                    s.running.set(false);
                    if (s.again.getAndSet(false)) {
                        submit(key, s);
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException ex) {
            s.running.set(false);
            return false;
        }
    }

    /** Ticks skipped for {@code key} because its previous run was still going. */
    public long skipped(String key) {
        Slot s = slots.get(key);
        return s == null ? 0 : s.skipped.get();
    }

    /** Whether a run of {@code key} is going. */
    public boolean running(String key) {
        Slot s = slots.get(key);
        return s != null && s.running.get();
    }

    /** Tasks that threw (a bug: tasks are meant to return outcomes). */
    public long failures() {
        return failures.get();
    }

    /** The loop's counters so far. */
    public Stats stats() {
        return new Stats(started.get(), skippedTotal.get(), failures.get(), Duration.ofNanos(waitNanos.get()));
    }

    /** The longest wait of a run for a free worker since the previous call (or the start); resets it. */
    public Duration takeMaxWait() {
        return Duration.ofNanos(maxWaitNanos.getAndSet(0));
    }

    /** The keys scheduled. */
    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(slots.keySet());
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
