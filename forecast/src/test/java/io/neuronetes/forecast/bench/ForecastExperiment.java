package io.neuronetes.forecast.bench;

import io.neuronetes.forecast.eval.Backtest;
import io.neuronetes.forecast.eval.BacktestResult;
import io.neuronetes.forecast.eval.StepScores;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.Trace;
import io.neuronetes.forecast.io.TraceCsv;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the backtest of a forest variant on the shared traces and prints relMAE and coverage: the tool used to choose
 * the default features and settings (docs/forecasting.md). Not a test.
 *
 * <pre>java -cp ... io.neuronetes.forecast.bench.ForecastExperiment traces=nasa,sg,taxi level=15 log=true</pre>
 */
public final class ForecastExperiment {

    private ForecastExperiment() {
    }

    /** A trace of the bench with its columns and protocol. */
    public record Case(String name, String file, String timeCol, String valueCol, String missingCol, int originEvery) {
    }

    public static final List<Case> CASES = List.of(
            new Case("nasa", "nasa-http/NASA_access_log_per_minute.csv", "timestamp", "requests", "missing", 10),
            new Case("sg", "servegen/m-large_10min_aggregate.csv", "timestamp", "requests", null, 10),
            new Case("taxi", "nab/nyc_taxi.csv", "timestamp", "value", null, 1));

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        FeatureSpec d = FeatureSpec.defaults();
        FeatureSpec spec = new FeatureSpec(ints(a, "lags", d.lagMinutes()), ints(a, "means", d.meanMinutes()),
                ints(a, "maxes", d.maxMinutes()), ints(a, "nb", d.neighbourMinutes()),
                Integer.parseInt(a.getOrDefault("profile", "" + d.profileDays())),
                Boolean.parseBoolean(a.getOrDefault("deltas", "" + d.seasonalDeltas())),
                Integer.parseInt(a.getOrDefault("level", "" + d.levelMinutes())),
                FeatureSpec.Transform.valueOf(a.getOrDefault("transform", d.transform().name())),
                Integer.parseInt(a.getOrDefault("smooth", "" + d.targetSmoothingMinutes())));
        ForestSettings fd = ForestSettings.defaults();
        ForestSettings settings = new ForestSettings(Integer.parseInt(a.getOrDefault("trees", "" + fd.trees())),
                Integer.parseInt(a.getOrDefault("depth", "" + fd.maxDepth())),
                Integer.parseInt(a.getOrDefault("nodes", "" + fd.maxNodes())),
                Integer.parseInt(a.getOrDefault("nodeSize", "" + fd.nodeSize())),
                Integer.parseInt(a.getOrDefault("mtry", "" + fd.mtry())),
                Integer.parseInt(a.getOrDefault("rowCap", "" + fd.rowCap())),
                Integer.parseInt(a.getOrDefault("calRows", "" + fd.calibrationRows())),
                Double.parseDouble(a.getOrDefault("rate", "" + fd.sampleRate())),
                Long.parseLong(a.getOrDefault("seed", "" + fd.seed())), fd.minTrainingDays());
        String root = a.getOrDefault("root", "../shared/traces");
        List<String> wanted = Arrays.asList(a.getOrDefault("traces", "nasa,sg,taxi").split(","));
        System.out.println(spec + " " + settings);
        for (Case c : CASES) {
            if (!wanted.contains(c.name())) {
                continue;
            }
            Trace t = TraceCsv.read(Path.of(root, c.file()), c.timeCol(), c.valueCol(), c.missingCol());
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            BacktestResult r = Backtest.run(t.series(), new ForestTrainer(settings, spec),
                    new Backtest.Settings(7, Integer.parseInt(a.getOrDefault("evalDays", "7")), 10, c.originEvery()));
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            StepScores o = r.overall();
            System.out.printf("%-5s relMAE %.4f MAE %.2f cov80 %.3f cov99 %.4f cov995 %.4f width %.1f train %.1fs"
                    + " forecast %.1fs cpu %.1fs%n", c.name(), o.relMae(), o.mae(), o.coverage80(), o.coverage99(),
                    o.coverage995(), o.meanWidth80(), r.trainSeconds(), r.forecastSeconds(), cpu);
            if (a.containsKey("importance")) {
                var m = (io.neuronetes.forecast.forest.ForestModel) new ForestTrainer(settings, spec).train(
                        t.series().slice(0, r.days().firstStep(0)), t.series().time(r.days().historyStart(0)), 10);
                double sum = m.importance().values().stream().mapToDouble(Double::doubleValue).sum();
                m.importance().forEach((k, v) -> System.out.printf("   %-10s %.3f%n", k, v / sum));
                System.out.println("   lambda " + m.features().lambda() + " nodes " + m.nodes());
            }
            if (a.containsKey("steps")) {
                for (StepScores s : r.steps()) {
                    System.out.printf("   h=%d relMAE %.3f cov80 %.3f cov99 %.4f conf %.3f%n", s.step(), s.relMae(),
                            s.coverage80(), s.coverage99(), s.confidence());
                }
            }
        }
    }

    private static List<Integer> ints(Map<String, String> a, String key, List<Integer> def) {
        if (!a.containsKey(key)) {
            return def;
        }
        if (a.get(key).isEmpty()) {
            return List.of();
        }
        return Arrays.stream(a.get(key).split(",")).map(Integer::valueOf).toList();
    }
}
