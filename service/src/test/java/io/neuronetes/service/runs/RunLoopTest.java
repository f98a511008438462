package io.neuronetes.service.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunLoopTest {

    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    static void awaitCount(AtomicInteger n, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (n.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void hungPoolNeitherOverlapsNorDelaysTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hungStarts = new AtomicInteger();
        AtomicInteger fastRuns = new AtomicInteger();
        try (RunLoop loop = new RunLoop(2, "test-run")) {
            loop.schedule("hung", Duration.ofSeconds(30), T0, () -> {
                hungStarts.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loop.schedule("fast", Duration.ofSeconds(30), T0, fastRuns::incrementAndGet);
            for (int i = 0; i < 4; i++) {
                loop.tick(T0.plusSeconds(30L * i));
                awaitCount(fastRuns, i + 1);
                awaitCount(hungStarts, 1); // its first run holds a worker from the first tick on
            }
            assertThat(fastRuns.get()).isEqualTo(4); // one run per period: ticks at 0, 30, 60, 90 s
            assertThat(hungStarts.get()).isEqualTo(1); // never overlapped
            assertThat(loop.skipped("hung")).isEqualTo(3);
            release.countDown();
        }
    }

    @Test
    void taskIsDueOnlyAtItsPeriodAndFailuresDoNotStopTheLoop() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (RunLoop loop = new RunLoop(1, "test-run")) {
            loop.schedule("p", Duration.ofSeconds(30), T0, () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("boom");
            });
            loop.tick(T0); // due: run 1
            awaitCount(runs, 1);
            Thread.sleep(50);
            loop.tick(T0.plusSeconds(10)); // not due until 30 s
            loop.tick(T0.plusSeconds(29));
            loop.tick(T0.plusSeconds(30)); // due: run 2
            awaitCount(runs, 2);
            Thread.sleep(50);
            assertThat(runs.get()).isEqualTo(2);
            assertThat(loop.failures()).isEqualTo(2);
            loop.tick(T0.plusSeconds(600)); // long stall: one run, not the 19 missed ones
            awaitCount(runs, 3);
            Thread.sleep(50);
            assertThat(runs.get()).isEqualTo(3);
        }
    }

    @Test
    void runAskedForDuringARunFollowsItOnceWithoutOverlap() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger overlapping = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        try (RunLoop loop = new RunLoop(2, "test-run")) {
            loop.schedule("p", Duration.ofHours(1), T0, () -> {
                if (inside.incrementAndGet() > 1) {
                    overlapping.incrementAndGet();
                }
                runs.incrementAndGet();
                try {
                    if (runs.get() == 1) {
                        release.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inside.decrementAndGet();
                }
            });
            loop.tick(T0);
            awaitCount(runs, 1);
            // Three requests while the first run is going: one follow-up run, not three, and not at once.
            assertThat(loop.runNow("p")).isTrue();
            assertThat(loop.runNow("p")).isTrue();
            assertThat(loop.runNow("p")).isTrue();
            Thread.sleep(50);
            assertThat(runs.get()).isEqualTo(1);
            release.countDown();
            awaitCount(runs, 2);
            Thread.sleep(100);
            assertThat(runs.get()).isEqualTo(2);
            assertThat(overlapping.get()).isZero();
            assertThat(loop.skipped("p")).isZero(); // requests are not skipped ticks
            assertThat(loop.runNow("unknown")).isFalse();
        }
    }

    @Test
    void statsCountStartsSkipsAndTheWaitForAFreeWorker() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (RunLoop loop = new RunLoop(1, "test-run")) {
            loop.schedule("slow", Duration.ofSeconds(30), T0, () -> {
                runs.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            RunLoop.Stats before = loop.stats();
            loop.tick(T0);
            awaitCount(runs, 1); // the slow run holds the only worker
            loop.schedule("queued", Duration.ofSeconds(30), T0.plusSeconds(1), runs::incrementAndGet);
            loop.tick(T0.plusSeconds(1)); // queued behind the slow run
            Thread.sleep(200);
            loop.tick(T0.plusSeconds(30)); // the slow run is still going: a skipped tick; "queued" is not due
            release.countDown();
            awaitCount(runs, 2);
            Thread.sleep(50);
            RunLoop.Stats s = loop.stats().since(before);
            assertThat(s.started()).isEqualTo(2);
            assertThat(s.skipped()).isEqualTo(1);
            assertThat(s.failures()).isZero();
            assertThat(s.meanWait()).isGreaterThanOrEqualTo(Duration.ofMillis(95)); // 200 ms or more, over 2 starts
            assertThat(loop.takeMaxWait()).isGreaterThanOrEqualTo(Duration.ofMillis(190));
            assertThat(loop.takeMaxWait()).isZero(); // reset by the previous call
        }
    }
}
