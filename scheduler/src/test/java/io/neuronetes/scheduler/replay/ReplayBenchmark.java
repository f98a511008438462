package io.neuronetes.scheduler.replay;

import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.Trace;
import io.neuronetes.forecast.io.TraceCsv;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 7-day replay of the NASA trace (capacity 10, cold start 5 min, availability 99.5) with the production forest
 * trainer, daily trainings included, against a baseline measured in the same run: the same replay with a
 * seasonal-naive trainer (no training cost). Prints the wall and CPU time with the machine's load average (the
 * wall time depends on what else runs), the training and forecasting time and the time per decision; asserts
 * nothing about time. Target: at most 60 s per replay.
 */
@Tag("benchmark")
class ReplayBenchmark {

    private static final Path NASA = Path.of("../../shared/traces/nasa-http/NASA_access_log_per_minute.csv");

    /** Times each training. */
    private static final class Timed implements Trainer {
        final Trainer inner;
        final List<Double> seconds = new ArrayList<>();

        Timed(Trainer inner) {
            this.inner = inner;
        }

        @Override
        public ForecastModel train(TimeSeries history, int horizon) {
            long t = System.nanoTime();
            ForecastModel m = inner.train(history, horizon);
            seconds.add((System.nanoTime() - t) / 1e9);
            return m;
        }

        @Override
        public ForecastModel train(TimeSeries history, Instant fitFrom, int horizon) {
            long t = System.nanoTime();
            ForecastModel m = inner.train(history, fitFrom, horizon);
            seconds.add((System.nanoTime() - t) / 1e9);
            return m;
        }

        double median() {
            List<Double> s = new ArrayList<>(seconds);
            Collections.sort(s);
            return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
        }
    }

    @Test
    void sevenDayReplay() {
        Trace trace = TraceCsv.read(NASA, "timestamp", "requests", "missing");
        ReplayOptions options = ReplayOptions.of(10, Duration.ofMinutes(5), 99.5);
        var pool = SimulationPool.defaults(options, trace.series().step());
        report("baseline (seasonal naive)", trace, new Timed(new SeasonalNaiveTrainer(0.3, 0.9)), pool, options);
        report("forest", trace, new Timed(ForestTrainer.defaults()), pool, options);
    }

    private static void report(String name, Trace trace, Timed trainer, io.neuronetes.scheduler.spec.AgentPool pool,
            ReplayOptions options) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double load = os.getSystemLoadAverage();
        long cpu = os.getProcessCpuTime();
        long t = System.nanoTime();
        ReplayResult r = TraceReplay.run(trace.series(), trainer, pool, options);
        double wall = (System.nanoTime() - t) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        System.out.printf("7-day replay, %s: %.1f s wall (target <= 60 s), %.1f s CPU on %d cores, load average "
                + "%.1f -> %.1f; %d trainings %.1f s (median %.2f s each), forecasts %.1f s (in parallel), decisions "
                + "%.1f us per step; viol %.3f%%, cost %.3fx%n", name, wall, cpuSeconds,
                Runtime.getRuntime().availableProcessors(), load, os.getSystemLoadAverage(), r.trainings(),
                r.trainingTime().toNanos() / 1e9, trainer.median(), r.forecastTime().toNanos() / 1e9,
                r.planningTime().toNanos() / 1e3 / r.steps(), r.score().violationPct(), r.score().costRatio());
    }
}
