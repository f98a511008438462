package io.neuronetes.service.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.service.api.Views;
import io.neuronetes.service.app.Forecasts;
import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.app.Training;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunLoop;
import io.neuronetes.service.runs.RunOutcome;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code bench.pools} pools (default 200) at a 30 s period in dry-run against a real Prometheus, all models loaded
 * (see {@link ManyPoolsResource}). First: heap after a full GC, the CPU one scheduling cycle takes (CPU time of the
 * run threads over whole periods, divided by the periods), and whether the loop keeps the periods (runs started
 * against pools x cycles, ticks skipped because a pool's previous run was still going, the wait of a run for a free
 * worker, the age of the oldest last run). The first cycle, which fetches each pool's week of lags, is reported
 * apart from the {@code bench.pools.cycles} steady ones (default 4). Then, with {@code bench.retrain.sample=N}, a
 * retrain of the first N pools with the configured concurrency and stagger while the runs go on, and the time a
 * full round of every pool would take at that pace (an extrapolation, printed as such). Prints figures; asserts
 * nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = ManyPoolsResource.class, restrictToAnnotatedClass = true)
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyPoolsBenchmark {

    static final int STEADY_CYCLES = Integer.getInteger("bench.pools.cycles", 4);
    static final long PERIOD_MS = 30_000;

    @Inject
    Scaler scaler;
    @Inject
    Forecasts forecasts;
    @Inject
    Training training;
    @Inject
    NeuronetesConfig config;

    static Map<Long, Long> runThreadCpu() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : t.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("scaling-run-")) {
                cpu.put(info.getThreadId(), t.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    static double cpuSecondsSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : runThreadCpu().entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum / 1e9;
    }

    /** The machine's load averages (1, 5, 15 min), as {@code uptime} shows them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    @Test
    @Order(1)
    void manyPools() throws Exception {
        assumeTrue(RealPrometheus.available(), "needs prometheus and promtool");
        int pools = scaler.runtimes().size();
        System.out.println("one training (backtest + fit, 100 trees): " + ManyPoolsResource.trainSeconds + " s");
        long loaded = scaler.runtimes().stream().filter(rt -> forecasts.serving(rt.name()).isPresent()).count();
        System.out.println("pools " + pools + " (reading " + ManyPoolsResource.SERIES + " series), models loaded "
                + loaded + "; run threads " + config.runs().threads() + "; load average " + loadAverage());
        Map<Long, Long> start = runThreadCpu();
        Thread.sleep(PERIOD_MS + 1_000); // the first cycle: every pool fetches its week of lags
        double first = cpuSecondsSince(start);
        Map<Long, Long> steady = runThreadCpu();
        long process0 = processCpu();
        RunLoop.Stats loop0 = scaler.runStats();
        Duration firstMaxWait = scaler.takeMaxRunWait();
        Thread.sleep(STEADY_CYCLES * PERIOD_MS);
        RunLoop.Stats loop = scaler.runStats().since(loop0);
        Duration maxWait = scaler.takeMaxRunWait();
        double steadyCpu = cpuSecondsSince(steady) / STEADY_CYCLES;
        double processCpu = (processCpu() - process0) / 1e9 / STEADY_CYCLES;
        Instant now = Instant.now();
        double oldest = scaler.runtimes().stream().map(PoolRuntime::lastRun).mapToDouble(o -> o.map(
                r -> Duration.between(r.at(), now).toMillis() / 1000.0).orElse(Double.POSITIVE_INFINITY)).max()
                .orElse(0);
        double[] runs = scaler.runtimes().stream().map(PoolRuntime::lastRun).filter(Optional::isPresent)
                .mapToDouble(o -> o.get().duration().toNanos() / 1e6).sorted().toArray();
        long degraded = scaler.runtimes().stream().filter(rt -> rt.lastRun().map(RunOutcome::status)
                .orElse(RunOutcome.Status.FAILED) != RunOutcome.Status.OK).count();
        System.gc();
        Thread.sleep(500);
        System.gc();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long heap = mem.getHeapMemoryUsage().getUsed();
        System.out.printf("first cycle: %.2f CPU s in run threads; longest wait for a free worker %d ms%n", first,
                firstMaxWait.toMillis());
        System.out.printf("steady cycle: %.2f CPU s in run threads (whole process %.2f CPU s) per 30 s cycle of %d "
                + "pools%n", steadyCpu, processCpu, pools);
        System.out.printf("steady %d cycles: runs started %d of %d due (%.1f%%), ticks skipped %d, wait for a free "
                + "worker mean %.1f ms max %d ms; oldest last run %.1f s ago (period 30 s)%n", STEADY_CYCLES,
                loop.started(), (long) pools * STEADY_CYCLES, 100.0 * loop.started() / pools / STEADY_CYCLES,
                loop.skipped(), loop.meanWait().toNanos() / 1e6, maxWait.toMillis(), oldest);
        System.out.printf("run wall time per pool: median %.1f ms, p90 %.1f ms, max %.1f ms; runs not OK: %d%n",
                runs[runs.length / 2], runs[(int) (runs.length * 0.9)], runs[runs.length - 1], degraded);
        System.out.printf("heap used after full GC with all models loaded: %.1f MiB (max %d MiB)%n",
                heap / 1048576.0, mem.getHeapMemoryUsage().getMax() / 1048576);
        int every = Math.max(1, runs.length / 10);
        System.out.println("run durations (ms, sorted, every " + every + "th): " + Arrays.toString(
                IntStream.range(0, runs.length).filter(i -> i % every == 0).mapToDouble(i -> runs[i]).toArray()));
        System.out.println("load average at the end: " + loadAverage());
    }

    @Test
    @Order(2)
    void retrainSample() throws Exception {
        int sample = Math.min(Integer.getInteger("bench.retrain.sample", 0), scaler.runtimes().size());
        assumeTrue(RealPrometheus.available() && sample > 0, "set bench.retrain.sample to the pools to retrain");
        List<String> names = IntStream.range(0, sample).mapToObj(ManyPoolsResource::name).toList();
        System.out.println("retrain of " + sample + " pools, concurrency " + config.retrain().concurrency()
                + ", stagger " + config.retrain().stagger() + ", " + config.retrain().trees() + " trees; load average "
                + loadAverage());
        RunLoop.Stats loop0 = scaler.runStats();
        scaler.takeMaxRunWait();
        long t0 = System.nanoTime();
        for (String name : names) {
            PoolEntry entry = scaler.registry().pool(name).orElseThrow();
            training.request(entry);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(90).toNanos();
        while (names.stream().anyMatch(training::pending) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        RunLoop.Stats loop = scaler.runStats().since(loop0);
        Duration maxWait = scaler.takeMaxRunWait();
        List<Double> seconds = new ArrayList<>();
        Map<String, Integer> outcomes = new HashMap<>();
        for (String name : names) {
            Optional<Views.TrainingView> v = training.last(name);
            v.ifPresent(t -> seconds.add(t.seconds()));
            outcomes.merge(v.map(Views.TrainingView::outcome).orElse("none"), 1, Integer::sum);
        }
        double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = s.length == 0 ? Double.NaN : s[s.length / 2];
        int pools = scaler.runtimes().size();
        double pace = Math.max(config.retrain().stagger().toMillis() / 1000.0,
                median / config.retrain().concurrency());
        System.out.printf("retrain of %d pools: %.0f s wall (%.1f s per pool); one training median %.1f s, min "
                + "%.1f s, max %.1f s; outcomes %s%n", sample, wall, wall / sample, median, s[0], s[s.length - 1],
                outcomes);
        System.out.printf("during the retrain: runs started %d, ticks skipped %d, wait for a free worker mean %.1f "
                + "ms max %d ms%n", loop.started(), loop.skipped(), loop.meanWait().toNanos() / 1e6,
                maxWait.toMillis());
        System.out.printf("EXTRAPOLATED, not measured: a full round of %d pools at that pace (max(stagger, median "
                + "training / concurrency) = %.1f s per pool): %.1f h; at the measured wall time per pool: %.1f h%n",
                pools, pace, pools * pace / 3600, pools * wall / sample / 3600);
        System.out.println("load average at the end: " + loadAverage());
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
