package io.neuronetes.scheduler.replay;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.StepDistribution;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.forest.ForestModel;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.Trace;
import io.neuronetes.forecast.io.TraceCsv;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.scheduler.spec.Quantities;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays one trace at several availability levels and planner or calibration variants, training each day's
 * forest once and reusing it across the runs (a main class for the figures of docs/planner.md, not a test).
 *
 * <pre>
 * java -cp scheduler/target/test-classes:service/target/neuronetes-service-0.1.0-SNAPSHOT-runner.jar \
 *   io.neuronetes.scheduler.replay.ReplayExperiment TRACE VALUE_COL MISSING_COL|- CAPACITY COLD_MIN EVAL_DAYS \
 *   LEVELS VARIANTS
 * </pre>
 *
 * LEVELS is a comma-separated list of availability percents; VARIANTS a ';'-separated list of comma-separated
 * settings: {@code hold=300s} (the scale-down stabilization window, default 300s), {@code commit=N} (a step's
 * quantile is at least what the forecasts of the N previous origins gave that step: replicas requested for a step
 * are kept until it comes, without a window over the replica counts), {@code localvol=W} (the spread is scaled by
 * the ratio of the level-scaled absolute step changes over the last W steps to their mean over the training
 * window, clamped to [0.5, 3]), {@code horizon=M} (the pool's forecast horizon in minutes, instead of the default
 * pool's cold start plus one step).
 */
public final class ReplayExperiment {

    private ReplayExperiment() {
    }

    public static void main(String[] a) {
        Trace trace = TraceCsv.read(Path.of(a[0]), "timestamp", a[1], a[2].equals("-") ? null : a[2]);
        double capacity = Double.parseDouble(a[3]);
        Duration cold = Duration.ofMinutes(Long.parseLong(a[4]));
        int evalDays = Integer.parseInt(a[5]);
        Caching trainer = new Caching();
        for (String variant : a[7].split(";")) {
            Map<String, String> v = new HashMap<>();
            for (String kv : variant.split(",")) {
                String[] p = kv.split("=");
                v.put(p[0], p.length > 1 ? p[1] : "");
            }
            trainer.commit = Integer.parseInt(v.getOrDefault("commit", "0"));
            trainer.localVol = Integer.parseInt(v.getOrDefault("localvol", "0"));
            for (String level : a[6].split(",")) {
                ReplayOptions o = new ReplayOptions(capacity, cold, Double.parseDouble(level), evalDays, 7);
                long t0 = System.nanoTime();
                ReplayResult r = TraceReplay.run(trace.series(), trainer,
                        pool(o, trace.series().step(), v.getOrDefault("hold", "300s"),
                                Integer.parseInt(v.getOrDefault("horizon", "0"))), o);
                System.out.printf(Locale.ROOT, "%-24s %5s%%: viol %.3f%% cost %.3fx events %d coverage next %.2f%% "
                        + "lead %.2f%% (%.0f s)%n", variant, level, r.score().violationPct(), r.score().costRatio(),
                        r.score().scaleEvents(), 100 * r.coverageNext(), 100 * r.coverageLead(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /**
     * The default simulation pool with another scale-down stabilization window and, when {@code horizonMinutes} is
     * above 0, another forecast horizon.
     */
    static AgentPool pool(ReplayOptions o, Duration step, String hold, int horizonMinutes) {
        int horizon = horizonMinutes > 0 ? horizonMinutes
                : SimulationPool.defaults(o, step).autoscaling().predictive().horizonMinutes();
        Map<String, Object> auto = new LinkedHashMap<>();
        auto.put("metrics", List.of(Map.of("type", "tokens-per-second", "target", Double.toString(o.capacity()),
                "averagingWindow", Quantities.format(step))));
        auto.put("predictive", Map.of("enabled", true, "minConfidence", 0, "horizonMinutes", horizon));
        auto.put("behavior", Map.of("scaleDown", Map.of("stabilizationWindow", hold)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("minReplicas", 1);
        spec.put("maxReplicas", 1000);
        spec.put("autoscaling", auto);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", AgentPoolParser.API_VERSION);
        doc.put("kind", "AgentPool");
        doc.put("metadata", Map.of("name", "experiment"));
        doc.put("spec", spec);
        return new AgentPoolParser().parse(doc).orThrow();
    }

    /** Trains each window once; wraps the model in the variant's forecast adjustment. */
    static final class Caching implements Trainer {
        final Trainer inner = ForestTrainer.defaults();
        final Map<String, ForecastModel> models = new HashMap<>();
        int commit;
        int localVol;

        @Override
        public ForecastModel train(TimeSeries history, int horizon) {
            return train(history, history.start(), horizon);
        }

        @Override
        public ForecastModel train(TimeSeries history, Instant fitFrom, int horizon) {
            String key = history.start() + "/" + history.size() + "/" + fitFrom + "/" + horizon;
            ForecastModel m = models.computeIfAbsent(key, k -> inner.train(history, fitFrom, horizon));
            if (localVol > 0 && m instanceof ForestModel f) {
                m = new LocalVolatility(f, history, history.indexOf(fitFrom), localVol);
            }
            return commit > 0 ? new Committed(m, commit) : m;
        }
    }

    /** A forecast with each quantile function replaced. */
    private interface Quantiles {
        double at(int h, double q);
    }

    private static Forecast reshaped(Forecast f, Quantiles quantiles) {
        int n = f.horizon();
        double[] point = new double[n];
        double[] conf = new double[n];
        StepDistribution[] d = new StepDistribution[n];
        for (int h = 1; h <= n; h++) {
            int step = h;
            point[h - 1] = f.point(h);
            conf[h - 1] = f.confidence(h);
            d[h - 1] = q -> quantiles.at(step, q);
        }
        return Forecast.of(f.origin(), f.step(), point, d, conf, f.method(), f.note());
    }

    /** Each step's quantile is at least what the forecasts from the previous {@code n} origins gave it. */
    record Committed(ForecastModel model, int n) implements ForecastModel {

        @Override
        public int horizon() {
            return model.horizon();
        }

        @Override
        public Forecast forecast(TimeSeries s, Instant origin, int horizon) {
            Forecast f = model.forecast(s, origin, horizon);
            int o = s.indexOf(origin);
            Forecast[] earlier = new Forecast[n + 1];
            for (int k = 1; k <= n && o - k >= 0; k++) {
                earlier[k] = model.forecast(s.slice(0, o - k + 1), s.time(o - k), horizon);
            }
            return reshaped(f, (h, q) -> {
                double v = f.quantile(h, q);
                for (int k = 1; k <= n; k++) {
                    if (earlier[k] != null && h + k <= earlier[k].horizon()) {
                        v = Math.max(v, earlier[k].quantile(h + k, q));
                    }
                }
                return v;
            });
        }
    }

    /** The spread scaled by the recent volatility of the series against the training window's. */
    static final class LocalVolatility implements ForecastModel {
        final ForestModel model;
        final double power;
        final double reference;
        final int window;

        LocalVolatility(ForestModel model, TimeSeries history, int from, int window) {
            this.model = model;
            this.power = model.calibration().power();
            this.reference = volatility(history, from, history.size() - 1, power);
            this.window = window;
        }

        @Override
        public int horizon() {
            return model.horizon();
        }

        @Override
        public Forecast forecast(TimeSeries s, Instant origin, int horizon) {
            Forecast f = model.forecast(s, origin, horizon);
            int o = s.indexOf(origin);
            double local = volatility(s, o - window, o, power);
            double factor = Double.isFinite(local) ? Math.max(0.5, Math.min(3, local / reference)) : 1;
            return reshaped(f, (h, q) -> Math.max(0, f.point(h) + factor * (f.quantile(h, q) - f.point(h))));
        }

        /** The mean of |y_i - y_(i-1)| / level^power over i in (from, to]. */
        static double volatility(TimeSeries s, int from, int to, double power) {
            double sum = 0;
            int n = 0;
            for (int i = Math.max(1, from + 1); i <= to; i++) {
                double a = s.value(i - 1);
                double b = s.value(i);
                if (!Double.isNaN(a) && !Double.isNaN(b)) {
                    sum += Math.abs(b - a) / Math.pow(Math.max((a + b) / 2, 1e-9), power);
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}
