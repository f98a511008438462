package io.neuronetes.service.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunLoop;
import io.neuronetes.service.runs.RunOutcome;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A soak: {@code bench.pools} pools (default 200) at a 30 s period, dry-run, against a real Prometheus (see
 * {@link ManyPoolsResource}) for {@code bench.soak.minutes} (default 30). Prometheus is killed halfway and started
 * again on the same data folder and port {@code bench.soak.outage.seconds} later (default 120). Every minute: heap
 * used after a full GC, live threads, runs seen (every pool's last run is sampled every 5 s, so no run of a 30 s
 * period is missed), runs not OK, ticks skipped. At the end: the median heap and thread count of the first and the
 * last five minutes, and the runs not OK outside the outage (the outage minutes and the minute after them). Prints
 * figures; asserts nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = ManyPoolsResource.class, restrictToAnnotatedClass = true)
@Tag("benchmark")
class SoakBenchmark {

    static final int MINUTES = Integer.getInteger("bench.soak.minutes", 30);
    static final int OUTAGE_SECONDS = Integer.getInteger("bench.soak.outage.seconds", 120);
    static final long SAMPLE_MS = 5_000;

    @Inject
    Scaler scaler;

    /** One minute of the soak. */
    record Minute(int minute, double heapMiB, int threads, int runs, int notOk, long skipped, String load,
            boolean outage) {
    }

    @Test
    void soak() throws Exception {
        assumeTrue(RealPrometheus.available(), "needs prometheus and promtool");
        int pools = scaler.runtimes().size();
        long outageStart = MINUTES * 60_000L / 2;
        long outageEnd = outageStart + OUTAGE_SECONDS * 1000L;
        System.out.printf("soak: %d pools, %d min, Prometheus down from %.1f min to %.1f min; load average %s%n",
                pools, MINUTES, outageStart / 60000.0, outageEnd / 60000.0, ManyPoolsBenchmark.loadAverage());
        System.out.println("minute  heapMiB  threads  runs  notOK  skipped  load1/5/15  outage");
        Map<String, Instant> seen = new HashMap<>();
        List<Minute> minutes = new ArrayList<>();
        long t0 = System.currentTimeMillis();
        boolean down = false;
        boolean restarted = false;
        for (int m = 1; m <= MINUTES; m++) {
            int runs = 0;
            int notOk = 0;
            boolean outageMinute = false;
            RunLoop.Stats loop0 = scaler.runStats();
            long minuteEnd = t0 + m * 60_000L;
            while (System.currentTimeMillis() < minuteEnd) {
                long elapsed = System.currentTimeMillis() - t0;
                if (!down && !restarted && elapsed >= outageStart) {
                    ManyPoolsResource.prometheus.stop();
                    down = true;
                    System.out.printf("%.1f min: Prometheus stopped%n", elapsed / 60000.0);
                }
                if (down && elapsed >= outageEnd) {
                    ManyPoolsResource.prometheus.restart();
                    down = false;
                    restarted = true;
                    System.out.printf("%.1f min: Prometheus restarted%n", (System.currentTimeMillis() - t0)
                            / 60000.0);
                }
                outageMinute |= down;
                for (PoolRuntime rt : scaler.runtimes()) {
                    RunOutcome r = rt.lastRun().orElse(null);
                    if (r != null && !r.at().equals(seen.put(rt.name(), r.at()))) {
                        runs++;
                        if (r.status() != RunOutcome.Status.OK) {
                            notOk++;
                        }
                    }
                }
                Thread.sleep(Math.max(1, Math.min(SAMPLE_MS, minuteEnd - System.currentTimeMillis())));
            }
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            Minute row = new Minute(m, heap / 1048576.0, threads, runs, notOk,
                    scaler.runStats().since(loop0).skipped(), ManyPoolsBenchmark.loadAverage(), outageMinute);
            minutes.add(row);
            System.out.printf("%6d  %7.1f  %7d  %4d  %5d  %7d  %s  %s%n", row.minute(), row.heapMiB(), row.threads(),
                    row.runs(), row.notOk(), row.skipped(), row.load(), row.outage() ? "down" : "");
        }
        summary(minutes, pools);
    }

    private static void summary(List<Minute> minutes, int pools) {
        int k = Math.min(5, minutes.size() / 2);
        List<Minute> first = minutes.subList(0, k);
        List<Minute> last = minutes.subList(minutes.size() - k, minutes.size());
        System.out.printf("heap after GC, median: first %d min %.1f MiB, last %d min %.1f MiB%n", k,
                median(first.stream().mapToDouble(Minute::heapMiB).toArray()), k,
                median(last.stream().mapToDouble(Minute::heapMiB).toArray()));
        System.out.printf("live threads, median: first %d min %.0f, last %d min %.0f%n", k,
                median(first.stream().mapToDouble(Minute::threads).toArray()), k,
                median(last.stream().mapToDouble(Minute::threads).toArray()));
        int lastDown = -1;
        for (Minute m : minutes) {
            if (m.outage()) {
                lastDown = m.minute();
            }
        }
        int outsideNotOk = 0;
        int outsideRuns = 0;
        int outsideMinutes = 0;
        int outageNotOk = 0;
        // The minute after the outage still holds runs that started while Prometheus was coming back.
        for (Minute m : minutes) {
            if (m.outage() || m.minute() == lastDown + 1) {
                outageNotOk += m.notOk();
            } else {
                outsideNotOk += m.notOk();
                outsideRuns += m.runs();
                outsideMinutes++;
            }
        }
        System.out.printf("runs not OK: %d during the outage and the minute after it, %d outside it (of %d runs in "
                + "%d minutes, %d due: %d pools x 2 a minute)%n", outageNotOk, outsideNotOk, outsideRuns,
                outsideMinutes, (long) outsideMinutes * pools * 2, pools);
        System.out.println("runs per minute: " + Arrays.toString(minutes.stream().mapToInt(Minute::runs).toArray()));
        System.out.println("load average at the end: " + ManyPoolsBenchmark.loadAverage());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2]
                : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
