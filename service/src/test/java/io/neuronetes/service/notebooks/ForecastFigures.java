package io.neuronetes.service.notebooks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The forecast notebook's headline figures recomputed from the backtest CSV and the trace, by the rules of the
 * bench README: a pair is scored when its target (origin + step x trace step) is in the trace and not a gap;
 * MAE = mean |predicted - actual|; relative MAE = MAE / MAE of the value one week before the target;
 * 80% coverage = share of pairs with lower <= actual <= upper. Every row is taken as an evaluated origin, which
 * holds for CSVs written by the bench or by the {@code backtest} command.
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
        double absErr = 0;
        double refErr = 0;
        double absErrAtH = 0;
        int pairs = 0;
        int pairsAtH = 0;
        int inside = 0;
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
            double err = Math.abs(csv.number(row, "predicted") - actual);
            absErr += err;
            refErr += Math.abs(reference - actual);
            pairs++;
            if (step == horizon) {
                absErrAtH += err;
                pairsAtH++;
            }
            if (csv.number(row, "lower") <= actual && actual <= csv.number(row, "upper")) {
                inside++;
            }
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("pairs", (double) pairs);
        figures.put("mae", absErr / pairs);
        figures.put("mae_at_h", absErrAtH / pairsAtH);
        figures.put("rel_mae", absErr / refErr);
        figures.put("cov80", (double) inside / pairs);
        return figures;
    }
}
