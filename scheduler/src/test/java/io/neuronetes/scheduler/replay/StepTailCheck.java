package io.neuronetes.scheduler.replay;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.forest.ForestModel;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.Trace;
import io.neuronetes.forecast.io.TraceCsv;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a calibration per forecast step would change the quantiles (a main class for docs/planner.md, not a
 * test): trains the forest for each given day as the replay does (a week of fit window, a week of lags before it),
 * forecasts every origin of the day, and prints per step h the realized quantiles of the standardised residual
 * {@code (actual - point) / scale(h, point)} beside the model's pooled standardised quantiles.
 *
 * <pre>
 * java -cp scheduler/target/test-classes:service/target/neuronetes-service-0.1.0-SNAPSHOT-runner.jar \
 *   io.neuronetes.scheduler.replay.StepTailCheck TRACE VALUE_COL MISSING_COL|- DAYS(yyyy-mm-dd,...) HORIZON
 * </pre>
 */
public final class StepTailCheck {

    private static final double[] LEVELS = {0.97, 0.99, 0.995};

    private StepTailCheck() {
    }

    public static void main(String[] a) {
        Trace trace = TraceCsv.read(Path.of(a[0]), "timestamp", a[1], a[2].equals("-") ? null : a[2]);
        TimeSeries s = trace.series();
        int spd = (int) (86_400 / s.stepSeconds());
        int horizon = Integer.parseInt(a[4]);
        List<List<Double>> z = new ArrayList<>();
        for (int h = 0; h < horizon; h++) {
            z.add(new ArrayList<>());
        }
        for (String d : a[3].split(",")) {
            int day = s.indexOf(Instant.parse(d + "T00:00:00Z"));
            ForestModel m = (ForestModel) ForestTrainer.defaults().train(s.slice(Math.max(0, day - 14 * spd), day),
                    s.time(day - 7 * spd), horizon);
            for (int o = day - 1; o < day + spd - 1; o++) {
                Forecast f = m.forecast(s.slice(Math.max(0, o - 15 * spd + 1), o + 1), s.time(o), horizon);
                for (int h = 1; h <= horizon; h++) {
                    if (o + h < s.size() && !Double.isNaN(s.value(o + h))) {
                        z.get(h - 1).add((s.value(o + h) - f.point(h)) / m.calibration().scale(h, f.point(h)));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s model (pooled over steps):%s%n", d, quantiles(LEVELS,
                    q -> m.calibration().standardQuantile(q)));
        }
        for (int h = 0; h < horizon; h++) {
            double[] v = z.get(h).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "h=%d realized over %d pairs:%s%n", h + 1, v.length, quantiles(LEVELS,
                    q -> v[(int) (q * v.length)]));
        }
    }

    private static String quantiles(double[] levels, java.util.function.DoubleUnaryOperator f) {
        return Arrays.stream(levels).mapToObj(q -> String.format(Locale.ROOT, " z%.3f %.3f", q, f.applyAsDouble(q)))
                .reduce("", String::concat);
    }
}
