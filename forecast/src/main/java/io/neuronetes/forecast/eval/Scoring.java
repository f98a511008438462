package io.neuronetes.forecast.eval;

import io.neuronetes.forecast.Forecast;

/** Accumulates the figures of scored pairs per step (see {@link StepScores}). */
final class Scoring {

    private final int[] n;
    private final double[] absErr;
    private final double[] refErr;
    private final int[] in80;
    private final int[] below99;
    private final int[] below995;
    private final double[] width;

    Scoring(int horizon) {
        n = new int[horizon];
        absErr = new double[horizon];
        refErr = new double[horizon];
        in80 = new int[horizon];
        below99 = new int[horizon];
        below995 = new int[horizon];
        width = new double[horizon];
    }

    void add(Forecast f, int h, double actual, double reference) {
        int i = h - 1;
        n[i]++;
        absErr[i] += Math.abs(f.point(h) - actual);
        refErr[i] += Math.abs(reference - actual);
        double lo = f.lower(h);
        double hi = f.upper(h);
        in80[i] += lo <= actual && actual <= hi ? 1 : 0;
        below99[i] += actual <= f.quantile(h, 0.99) ? 1 : 0;
        below995[i] += actual <= f.quantile(h, 0.995) ? 1 : 0;
        width[i] += hi - lo;
    }

    StepScores[] steps() {
        StepScores[] s = new StepScores[n.length];
        for (int i = 0; i < n.length; i++) {
            s[i] = scores(i + 1, n[i], absErr[i], refErr[i], in80[i], below99[i], below995[i], width[i]);
        }
        return s;
    }

    /** All steps together (step 0). */
    StepScores overall() {
        int total = 0;
        double a = 0;
        double r = 0;
        int c80 = 0;
        int c99 = 0;
        int c995 = 0;
        double w = 0;
        for (int i = 0; i < n.length; i++) {
            total += n[i];
            a += absErr[i];
            r += refErr[i];
            c80 += in80[i];
            c99 += below99[i];
            c995 += below995[i];
            w += width[i];
        }
        return scores(0, total, a, r, c80, c99, c995, w);
    }

    private static StepScores scores(int step, int n, double a, double r, int c80, int c99, int c995, double w) {
        if (n == 0) {
            return new StepScores(step, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new StepScores(step, n, a / n, r / n, c80 / (double) n, c99 / (double) n, c995 / (double) n, w / n);
    }
}
