package io.neuronetes.service.notebooks;

import io.neuronetes.forecast.eval.Confidence;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The forecast notebook's headline figures recomputed from the backtest CSV and the trace, by the rules of the
 * bench README: a pair is scored when its target (origin + step x trace step) is in the trace and not a gap;
 * MAE = mean |predicted - actual|; relative MAE = MAE / MAE of the value one week before the target;
 * 80% coverage = share of pairs with lower <= actual <= upper; confidence bound = the product's accuracy x
 * calibration factors ({@link Confidence}) of the relative MAE and coverage of all steps' pairs together, the figure
 * the service's gate reads. Every
 * row is taken as an evaluated origin, which holds for CSVs written by the bench or by the {@code backtest} command.
 */
final class ForecastFigures {

    private static final long WEEK_S = 7 * 86_400L;

    private ForecastFigures() {
    }

    static Map<String, Double> recompute(TraceSeries trace, Path backtestCsv) throws IOException {
        SimpleCsv csv = SimpleCsv.read(backtestCsv);
        int horizon = 0;
        for (int row = 0; row < csv.size(); row++) {
            horizon = Math.max(horizon, (int) csv.number(row, "step"));
        }
        double[] absErr = new double[horizon + 1];
        double[] refErr = new double[horizon + 1];
        int[] pairs = new int[horizon + 1];
        int[] inside = new int[horizon + 1];
        for (int row = 0; row < csv.size(); row++) {
            int step = (int) csv.number(row, "step");
            long target = csv.seconds(row, "origin") + step * trace.stepSeconds();
            double actual = trace.at(target);
            if (Double.isNaN(actual)) {
                continue;
            }
            double reference = trace.at(target - WEEK_S);
            if (Double.isNaN(reference)) {
                throw new IllegalStateException(backtestCsv + " line " + (row + 2) + ": the trace has no value one "
                        + "week before target " + target + "; this recomputation handles gap-free traces only");
            }
            absErr[step] += Math.abs(csv.number(row, "predicted") - actual);
            refErr[step] += Math.abs(reference - actual);
            pairs[step]++;
            if (csv.number(row, "lower") <= actual && actual <= csv.number(row, "upper")) {
                inside[step]++;
            }
        }
        return figures(absErr, refErr, pairs, inside, horizon);
    }

    /** Totals over all steps (index 0 unused) and the confidence bound of all their pairs together. */
    private static Map<String, Double> figures(double[] absErr, double[] refErr, int[] pairs, int[] inside, int horizon) {
        double err = 0;
        double ref = 0;
        int n = 0;
        int in = 0;
        for (int h = 1; h <= horizon; h++) {
            err += absErr[h];
            ref += refErr[h];
            n += pairs[h];
            in += inside[h];
        }
        double bound = Confidence.accuracy(err / ref) * Confidence.calibration((double) in / n);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("pairs", (double) n);
        figures.put("mae", err / n);
        figures.put("mae_at_h", absErr[horizon] / pairs[horizon]);
        figures.put("rel_mae", err / ref);
        figures.put("cov80", (double) in / n);
        figures.put("confidence_bound", bound);
        return figures;
    }
}
