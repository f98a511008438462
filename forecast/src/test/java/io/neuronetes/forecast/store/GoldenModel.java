package io.neuronetes.forecast.store;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.Synthetic;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.feature.CausalFill;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestModel;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.TraceCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The golden model: a small forest (20 trees) trained on a committed synthetic series (15 days at 30 minutes), and
 * its figures on the last day. {@link #main} regenerates the files under {@code src/test/resources/golden}; it is
 * not a test. Run it from the module folder after a deliberate change of the training, and commit the result.
 */
public final class GoldenModel {

    static final Path ROOT = Path.of("src/test/resources/golden");
    static final Path SERIES = ROOT.resolve("series.csv");
    static final String POOL = "golden";
    static final String METRIC = "load";
    static final int HORIZON = 4;
    static final int SPD = 48;
    static final Instant TRAINED_AT = Instant.parse("2024-01-15T00:00:00Z");

    private GoldenModel() {
    }

    static ForestTrainer trainer() {
        return new ForestTrainer(new ForestSettings(20, 20, 1000, 20, 0, 12_000, 32_000, 1, 7, 2),
                FeatureSpec.defaults());
    }

    static TimeSeries series() {
        return TraceCsv.read(SERIES, "time", "load", null).series();
    }

    /** Trains on days 7..13 (lags read days 0..6). */
    static ForecastModel train(TimeSeries s) {
        return trainer().train(s.slice(0, 14 * SPD), s.time(7 * SPD), HORIZON);
    }

    /**
     * The model's figures on day 14: MAE, MAE of the seasonal-naive-week forecast, relMAE, coverage of the 80%
     * interval and share at or below the 99% quantile, over every origin of the day and steps 1..4 inside the series.
     */
    static Map<String, Object> figures(ForecastModel m, TimeSeries s) {
        double[] filled = CausalFill.fill(s.values(), SPD);
        double err = 0;
        double ref = 0;
        int in80 = 0;
        int below99 = 0;
        int n = 0;
        for (int t = 14 * SPD; t < s.size(); t++) {
            Forecast f = m.forecast(s.slice(0, t + 1), s.time(t), HORIZON);
            for (int h = 1; h <= HORIZON && t + h < s.size(); h++) {
                double y = s.value(t + h);
                err += Math.abs(f.point(h) - y);
                ref += Math.abs(filled[t + h - 7 * SPD] - y);
                in80 += f.lower(h) <= y && y <= f.upper(h) ? 1 : 0;
                below99 += y <= f.quantile(h, 0.99) ? 1 : 0;
                n++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pairs", n);
        out.put("mae", err / n);
        out.put("referenceMae", ref / n);
        out.put("relMae", err / ref);
        out.put("coverage80", in80 / (double) n);
        out.put("coverage99", below99 / (double) n);
        return out;
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(ROOT);
        TimeSeries syn = Synthetic.load(15, 30, 42);
        StringBuilder csv = new StringBuilder("time,load\n");
        for (int i = 0; i < syn.size(); i++) {
            csv.append(syn.time(i).getEpochSecond()).append(',').append((long) syn.value(i)).append('\n');
        }
        Files.writeString(SERIES, csv);
        TimeSeries s = series();
        ForestModel m = (ForestModel) train(s);
        AtomicFiles.deleteTree(ROOT.resolve(POOL));
        new FileModelStore(ROOT, 1).save(POOL, METRIC, m, new ModelMetadata(POOL, METRIC, "FOREST", m.note(),
                TRAINED_AT, s.time(7 * SPD), s.time(14 * SPD), 1800, HORIZON, 7,
                Map.of("trees", 20, "nodeSize", 20), FeatureSpec.defaults().toString(), FeatureSpec.defaults().hash(),
                Map.of("smile", "3.1.1"), figures(m, s)));
        System.out.println("wrote " + ROOT + ": " + figures(m, s));
    }
}
