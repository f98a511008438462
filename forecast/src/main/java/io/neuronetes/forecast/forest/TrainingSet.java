package io.neuronetes.forecast.forest;

import io.neuronetes.forecast.feature.FittedFeatures;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The training pairs of one fit: every (t, h) with the origin t in the fit window, the target t + h inside the
 * history and observed (gaps are never targets), subsampled to at most {@code rowCap} pairs with a fixed seed.
 * Each pair carries its features, its transformed (and smoothed, see {@link FittedFeatures#smoothedTarget}) target and the block (calendar day of the target, counted from
 * the fit window's start) that the block bootstrap draws.
 */
final class TrainingSet {

    final int[] origin;
    final int[] step;
    final int[] block;
    final double[] observed;
    final double[][] x;
    final double[] y;
    final int blocks;
    /** Whether the window held more pairs than the cap, so that these are a subset of them. */
    final boolean capped;

    private TrainingSet(int n, int width) {
        origin = new int[n];
        step = new int[n];
        block = new int[n];
        observed = new double[n];
        x = new double[n][width];
        y = new double[n];
        blocks = 0;
        capped = false;
    }

    private TrainingSet(TrainingSet s, int blocks, boolean capped) {
        origin = s.origin;
        step = s.step;
        block = s.block;
        observed = s.observed;
        x = s.x;
        y = s.y;
        this.blocks = blocks;
        this.capped = capped;
    }

    int size() {
        return y.length;
    }

    /** Counts the pairs that {@link #build} would draw from (before the row cap). */
    static int countPairs(double[] raw, int fitFrom, int horizon) {
        int n = 0;
        for (int t = fitFrom; t < raw.length - 1; t++) {
            for (int h = 1; h <= horizon && t + h < raw.length; h++) {
                if (!Double.isNaN(raw[t + h])) {
                    n++;
                }
            }
        }
        return n;
    }

    static TrainingSet build(FittedFeatures f, FittedFeatures.Input in, double[] raw, long startEpochSecond,
            int fitFrom, int horizon, int rowCap, long seed) {
        long[] codes = new long[countPairs(raw, fitFrom, horizon)];
        int k = 0;
        for (int t = fitFrom; t < raw.length - 1; t++) {
            for (int h = 1; h <= horizon && t + h < raw.length; h++) {
                if (!Double.isNaN(raw[t + h])) {
                    codes[k++] = (long) t * horizon + (h - 1);
                }
            }
        }
        boolean capped = codes.length > rowCap;
        codes = subsample(codes, rowCap, seed);
        TrainingSet s = new TrainingSet(codes.length, f.width());
        int spd = f.stepsPerDay();
        int maxBlock = 0;
        for (int i = 0; i < codes.length; i++) {
            int t = (int) (codes[i] / horizon);
            int h = (int) (codes[i] % horizon) + 1;
            s.origin[i] = t;
            s.step[i] = h;
            s.block[i] = (t + h - fitFrom) / spd;
            maxBlock = Math.max(maxBlock, s.block[i]);
            s.observed[i] = raw[t + h];
            s.y[i] = f.target(in, t, f.smoothedTarget(raw, t + h, raw.length));
            f.row(in, startEpochSecond, t, h, s.x[i]);
        }
        return new TrainingSet(s, maxBlock + 1, capped);
    }

    /** At most {@code cap} codes, drawn without replacement with {@code seed}, in ascending order. */
    private static long[] subsample(long[] codes, int cap, long seed) {
        if (codes.length <= cap) {
            return codes;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        long[] a = codes.clone();
        for (int i = 0; i < cap; i++) {
            int j = i + rng.nextInt(a.length - i);
            long tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
        long[] pick = Arrays.copyOf(a, cap);
        Arrays.sort(pick);
        return pick;
    }
}
