package io.neuronetes.scheduler.replay;

import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.Trace;
import io.neuronetes.forecast.io.TraceCsv;
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
 * seasonal-naive trainer (no training cost). Prints the wall time, the median training time per day and the
 * median forecast-plus-decision time per step; asserts nothing about time. Target: at most 60 s per replay.
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
        long t = System.nanoTime();
        ReplayResult r = TraceReplay.run(trace.series(), trainer, pool, options);
        double wall = (System.nanoTime() - t) / 1e9;
        double perStep = (r.forecastTime().toNanos() + r.planningTime().toNanos()) / 1e3 / r.steps();
        System.out.printf("7-day replay, %s: %.1f s wall (target <= 60 s); %d trainings, median %.2f s each; "
                + "forecast + decision %.0f us per step on average (decision alone %.1f us); viol %.3f%%, cost %.3fx%n", name,
                wall, r.trainings(), trainer.median(), perStep, r.planningTime().toNanos() / 1e3 / r.steps(),
                r.score().violationPct(), r.score().costRatio());
    }
}
