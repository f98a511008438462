package io.neuronetes.forecast.bench;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.eval.Backtest;
import io.neuronetes.forecast.eval.BacktestResult;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestModel;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.TraceCsv;
import io.neuronetes.forecast.store.FileModelStore;
import io.neuronetes.forecast.store.ModelMetadata;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speed and size of the forest, printed (not asserted): training one pool on 7 days of 1-minute rows with 100
 * trees, the model's size in memory and on disk, and the whole NASA backtest. Each figure is printed with a baseline
 * measured in the same run: a fixed CPU workload (sorting 2 million doubles) and the system load average, since the
 * machine is shared. Run: {@code mvn -B -o -q test -pl forecast -Dgroups=benchmark -DexcludedGroups=none
 * -Dtest=ForecastBenchmarkTest}.
 */
@Tag("benchmark")
class ForecastBenchmarkTest {

    private static final Path NASA = Path.of("../../shared/traces/nasa-http/NASA_access_log_per_minute.csv");
    private static final Instant EVAL = Instant.parse("1995-08-25T00:00:00Z");

    @TempDir
    Path dir;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Timing(double wall, double cpu) {
    }

    private static <T> Timing time(Supplier<T> work) {
        long c0 = OS.getProcessCpuTime();
        long w0 = System.nanoTime();
        work.get();
        return new Timing((System.nanoTime() - w0) / 1e9, (OS.getProcessCpuTime() - c0) / 1e9);
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double baselineSortSeconds() {
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            double[] a = new Random(i).doubles(2_000_000).toArray();
            long w0 = System.nanoTime();
            Arrays.sort(a);
            t.add((System.nanoTime() - w0) / 1e9);
        }
        return median(t);
    }

    private static void baseline(String when) {
        System.out.printf("[benchmark] baseline %s: sort of 2M doubles median %.3f s, load average %.2f on %d cores%n",
                when, baselineSortSeconds(), OS.getSystemLoadAverage(), OS.getAvailableProcessors());
    }

    @Test
    void trainingOnAWeekOfMinutesWith100Trees() throws IOException {
        TimeSeries s = TraceCsv.read(NASA, "timestamp", "requests", "missing").series();
        int end = s.indexOf(EVAL);
        TimeSeries history = s.slice(end - 14 * 1440, end);
        Instant fitFrom = history.time(7 * 1440);
        ForestTrainer trainer = ForestTrainer.defaults();
        baseline("before training");
        time(() -> trainer.train(history, fitFrom, 10)); // warm-up
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Timing t = time(() -> trainer.train(history, fitFrom, 10));
            wall.add(t.wall());
            cpu.add(t.cpu());
        }
        System.out.printf("[benchmark] training, 7 days of 1-minute rows, %d trees, horizon 10: median wall %.2f s,"
                + " median CPU %.2f s (runs: %s)%n", trainer.settings().trees(), median(wall), median(cpu), wall);
        ForestModel model = (ForestModel) trainer.train(history, fitFrom, 10);
        System.gc();
        long before = usedHeap();
        List<ForestModel> keep = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keep.add((ForestModel) trainer.train(history, fitFrom, 10));
        }
        System.gc();
        long perModel = (usedHeap() - before) / keep.size();
        FileModelStore store = new FileModelStore(dir, 1);
        store.save("nasa", "requests", model, new ModelMetadata("nasa", "requests", "FOREST", model.note(),
                EVAL, fitFrom, EVAL, 60, 10, 0, Map.of(), "", "", Map.of(), Map.of()));
        long disk = Files.size(dir.resolve("nasa/requests/v000001/model.bin"));
        System.out.printf("[benchmark] model: %d trees, %d nodes; memory: estimated %.2f MB, measured heap growth"
                + " %.2f MB per retained model; disk: %.2f MB (model.bin, deflated)%n", model.trees(), model.nodes(),
                model.estimatedBytes() / 1e6, perModel / 1e6, disk / 1e6);
        baseline("after training");
        keep.clear();
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void wholeNasaBacktest() {
        baseline("before the NASA backtest");
        long w0 = System.nanoTime();
        long c0 = OS.getProcessCpuTime();
        TimeSeries s = TraceCsv.read(NASA, "timestamp", "requests", "missing").series();
        BacktestResult r = Backtest.run(s, ForestTrainer.defaults(), Backtest.Settings.defaults());
        System.out.printf("[benchmark] NASA backtest (7 trainings, %d origins): wall %.1f s, CPU %.1f s (train %.1f s,"
                + " forecast %.1f s); relMAE %.4f, cov80 %.3f%n", r.forecasts().size(),
                (System.nanoTime() - w0) / 1e9, (OS.getProcessCpuTime() - c0) / 1e9, r.trainSeconds(),
                r.forecastSeconds(), r.overall().relMae(), r.overall().coverage80());
        BacktestResult bench = Backtest.run(s, new ForestTrainer(ForestSettings.defaults(), FeatureSpec.BENCH),
                Backtest.Settings.defaults());
        System.out.printf("[benchmark] same backtest with the bench peer's features (same forest): train %.1f s,"
                + " relMAE %.4f, cov80 %.3f%n", bench.trainSeconds(), bench.overall().relMae(),
                bench.overall().coverage80());
    }
}
