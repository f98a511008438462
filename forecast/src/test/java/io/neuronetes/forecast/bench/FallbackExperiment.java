package io.neuronetes.forecast.bench;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.forest.SeasonalNaiveModel;
import io.neuronetes.forecast.io.TraceCsv;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Forecasts every step of the day after {@code FROM} with the model the default trainer fits just before it (the
 * fallback when there is too little history) and with the plain seasonal-naive model, and prints the MAE, the mean
 * 0.995 quantile and the coverage at one step: the figures of docs/forecasting.md, "Fallback". Not a test.
 *
 * <pre>
 * java -cp forecast/target/test-classes:service/target/neuronetes-service-0.1.0-SNAPSHOT-runner.jar \
 *   io.neuronetes.forecast.bench.FallbackExperiment TRACE VALUE_COL MISSING_COL|- FROM [STEP]
 * </pre>
 */
public final class FallbackExperiment {

    private FallbackExperiment() {
    }

    public static void main(String[] a) {
        TimeSeries s = TraceCsv.read(Path.of(a[0]), "timestamp", a[1], a[2].equals("-") ? null : a[2]).series();
        Instant from = Instant.parse(a[3]);
        int step = a.length > 4 ? Integer.parseInt(a[4]) : 5;
        int d = s.indexOf(from);
        int perDay = (int) (Duration.ofDays(1).toSeconds() / s.stepSeconds());
        TimeSeries history = s.slice(0, d);
        ForecastModel trained = ForestTrainer.defaults().train(history, from.minus(Duration.ofDays(7)), step);
        System.out.println("trained: " + (trained instanceof SeasonalNaiveModel n ? n.note()
                : trained.getClass().getSimpleName()));
        ForecastModel plain = SeasonalNaiveModel.fit(history, step, "plain");
        for (ForecastModel m : new ForecastModel[] {trained, plain}) {
            double absErr = 0;
            double q995 = 0;
            int n = 0;
            int in995 = 0;
            int in97 = 0;
            for (int i = d; i < Math.min(s.size(), d + perDay) - step; i++) {
                double actual = s.value(i + step);
                if (Double.isNaN(actual)) {
                    continue;
                }
                Forecast f = m.forecast(s.slice(0, i + 1), s.time(i), step);
                absErr += Math.abs(f.point(step) - actual);
                q995 += f.quantile(step, 0.995);
                in995 += actual <= f.quantile(step, 0.995) ? 1 : 0;
                in97 += actual <= f.quantile(step, 0.97) ? 1 : 0;
                n++;
            }
            System.out.printf(Locale.ROOT, "%s: step %d, MAE %.2f, mean 0.995 quantile %.1f, coverage of 0.995 "
                    + "%.2f%%, of 0.97 %.2f%% (%d pairs)%n", m == plain ? "plain seasonal naive" : "trained", step,
                    absErr / n, q995 / n, 100.0 * in995 / n, 100.0 * in97 / n, n);
        }
    }
}
