package io.neuronetes.service.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.service.app.Forecasts;
import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunOutcome;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 200 pools at a 30 s period in dry-run against a real Prometheus, all models loaded: heap after a full GC, and
 * the CPU one scheduling cycle takes (CPU time of the run threads over whole periods, divided by the periods).
 * The first cycle, which fetches each pool's week of lags, is reported apart from the steady ones. Prints
 * figures; asserts nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = ManyPoolsResource.class, restrictToAnnotatedClass = true)
@Tag("benchmark")
class ManyPoolsBenchmark {

    static final int STEADY_CYCLES = 4;

    @Inject
    Scaler scaler;
    @Inject
    Forecasts forecasts;

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

    @Test
    void twoHundredPools() throws Exception {
        assumeTrue(RealPrometheus.available(), "needs prometheus and promtool");
        System.out.println("one training (backtest + fit, 100 trees): " + ManyPoolsResource.trainSeconds + " s");
        long loaded = scaler.runtimes().stream().filter(rt -> forecasts.serving(rt.name()).isPresent()).count();
        System.out.println("pools " + scaler.runtimes().size() + ", models loaded " + loaded);
        Map<Long, Long> start = runThreadCpu();
        Thread.sleep(31_000); // the first cycle: every pool fetches its week of lags
        double first = cpuSecondsSince(start);
        Map<Long, Long> steady = runThreadCpu();
        long process0 = processCpu();
        Thread.sleep(STEADY_CYCLES * 30_000L);
        double steadyCpu = cpuSecondsSince(steady) / STEADY_CYCLES;
        double processCpu = (processCpu() - process0) / 1e9 / STEADY_CYCLES;
        double[] runs = scaler.runtimes().stream().map(PoolRuntime::lastRun).filter(java.util.Optional::isPresent)
                .mapToDouble(o -> o.get().duration().toNanos() / 1e6).sorted().toArray();
        long degraded = scaler.runtimes().stream().filter(rt -> rt.lastRun().map(RunOutcome::status)
                .orElse(RunOutcome.Status.FAILED) != RunOutcome.Status.OK).count();
        System.gc();
        Thread.sleep(500);
        System.gc();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long heap = mem.getHeapMemoryUsage().getUsed();
        System.out.printf("first cycle: %.2f CPU s in run threads%n", first);
        System.out.printf("steady cycle: %.2f CPU s in run threads (whole process %.2f CPU s) per 30 s cycle of %d "
                + "pools%n", steadyCpu, processCpu, scaler.runtimes().size());
        System.out.printf("run wall time per pool: median %.1f ms, p90 %.1f ms, max %.1f ms; runs not OK: %d%n",
                runs[runs.length / 2], runs[(int) (runs.length * 0.9)], runs[runs.length - 1], degraded);
        System.out.printf("heap used after full GC with all models loaded: %.1f MiB (max %d MiB)%n",
                heap / 1048576.0, mem.getHeapMemoryUsage().getMax() / 1048576);
        System.out.println("run durations (ms, sorted, every 20th): " + Arrays.toString(
                java.util.stream.IntStream.range(0, runs.length).filter(i -> i % 20 == 0).mapToDouble(i -> runs[i])
                        .toArray()));
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
