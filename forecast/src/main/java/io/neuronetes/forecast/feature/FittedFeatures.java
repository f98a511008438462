package io.neuronetes.forecast.feature;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link FeatureSpec} fitted to a grid step: windows in steps, the feature names and the value transform.
 * Immutable and serializable (it travels inside a model).
 *
 * <p>Use: {@link #input} once per filled series, then {@link #row} per (origin, step) pair. A row reads only
 * indices {@code <= t}. Before the first index a short lag is clamped to index 0, the day lag falls back to the
 * value at the origin and the week lag to the day lag (as the bench does).
 */
public final class FittedFeatures implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long DAY_SECONDS = 86_400;

    private final FeatureSpec spec;
    private final long stepSeconds;
    private final int stepsPerDay;
    private final int[] lags;
    private final int[] means;
    private final int[] maxes;
    private final int[] neighbours;
    private final int level;
    private final int smoothing;
    private final double lambda;
    private final List<String> names;

    FittedFeatures(FeatureSpec spec, Duration step, double lambda) {
        long s = step.getSeconds();
        if (s <= 0 || step.getNano() != 0 || DAY_SECONDS % s != 0) {
            throw new IllegalArgumentException("step " + step + " does not divide a day");
        }
        this.spec = spec;
        this.stepSeconds = s;
        this.stepsPerDay = (int) (DAY_SECONDS / s);
        this.lags = steps(spec.lagMinutes());
        this.means = steps(spec.meanMinutes());
        this.maxes = steps(spec.maxMinutes());
        this.neighbours = steps(spec.neighbourMinutes());
        this.level = spec.levelMinutes() == 0 ? 0 : toSteps(spec.levelMinutes());
        this.smoothing = (int) (spec.targetSmoothingMinutes() * 60L / s);
        this.lambda = Math.max(0, Math.min(1, lambda));
        this.names = List.copyOf(buildNames());
    }

    private int toSteps(int minutes) {
        return (int) Math.max(1, -Math.floorDiv(-minutes * 60L, stepSeconds));
    }

    private int[] steps(List<Integer> minutes) {
        TreeSet<Integer> set = new TreeSet<>();
        minutes.forEach(m -> set.add(toSteps(m)));
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    private List<String> buildNames() {
        List<String> n = new ArrayList<>(List.of("tod_sin", "tod_cos", "dow", "h", "y0"));
        for (int l : lags) {
            n.add("lag" + l);
        }
        n.addAll(List.of("day", "week"));
        for (int w : neighbours) {
            n.addAll(List.of("day_nb" + w, "week_nb" + w));
        }
        if (spec.profileDays() > 0) {
            n.add("profile" + spec.profileDays());
        }
        if (spec.seasonalDeltas()) {
            n.addAll(List.of("day_delta", "week_delta", "day_adj", "week_adj"));
        }
        for (int m : means) {
            n.add("mean" + m);
        }
        for (int m : maxes) {
            n.add("max" + m);
        }
        return n;
    }

    public FeatureSpec spec() {
        return spec;
    }

    public int stepsPerDay() {
        return stepsPerDay;
    }

    /** The number of features in a row. */
    public int width() {
        return names.size();
    }

    /** The feature names, in row order. */
    public List<String> names() {
        return names;
    }

    /** The earliest index offset a row reads relative to its origin (for callers that keep a window). */
    public int lookback() {
        int back = 7 * stepsPerDay + level + (neighbours.length == 0 ? 0 : neighbours[neighbours.length - 1]);
        return Math.max(back, longestRecentWindow());
    }

    /** The longest lag, rolling mean or rolling maximum, in steps (0 without any). */
    private int longestRecentWindow() {
        int longest = 0;
        for (int[] a : new int[][] {lags, means, maxes}) {
            for (int v : a) {
                longest = Math.max(longest, v);
            }
        }
        return longest;
    }

    /**
     * Whether the inputs of pair (t, h) that a gap would make up are all observed: the recent window up to the
     * origin (the longest of the lags, means, maxima and the level), the level window one day before the origin
     * and the neighbourhood of the target one day before it. Filled values there are copies of other days, so a
     * pair that reads them misses by far more than a forecast from observed inputs does. The week-ago inputs are
     * not checked: after a days-long outage every pair of the next week reads filled week-ago values, and those
     * pairs miss no more than others (docs/forecasting.md).
     *
     * @param gapsBefore {@link #gapsBefore} of the raw series
     */
    public boolean readsObserved(int[] gapsBefore, int t, int h) {
        int recent = Math.max(Math.max(level, 1), longestRecentWindow());
        int dayLevel = Math.max(level, 1);
        int w = neighbours.length == 0 ? 0 : neighbours[neighbours.length - 1];
        int target = t + h - stepsPerDay;
        return gaps(gapsBefore, t - recent + 1, t) == 0
                && gaps(gapsBefore, t - stepsPerDay - dayLevel + 1, t - stepsPerDay) == 0
                && gaps(gapsBefore, target - w, Math.min(t, target + w)) == 0;
    }

    /** {@code out[i]}: the number of gaps (NaN) among {@code raw[0 .. i-1]}; length {@code raw.length + 1}. */
    public static int[] gapsBefore(double[] raw) {
        int[] out = new int[raw.length + 1];
        for (int i = 0; i < raw.length; i++) {
            out[i + 1] = out[i] + (Double.isNaN(raw[i]) ? 1 : 0);
        }
        return out;
    }

    /** Gaps among indices lo..hi, clamped to the series (indices before it hold none). */
    private static int gaps(int[] gapsBefore, int lo, int hi) {
        int from = Math.max(0, lo);
        int to = Math.min(gapsBefore.length - 2, hi);
        return to < from ? 0 : gapsBefore[to + 1] - gapsBefore[from];
    }

    /** The lambda of the power transform (1: none, 0.5: square root, 0: log). */
    public double lambda() {
        return lambda;
    }

    /** The value transform applied to inputs and targets. */
    public double transform(double v) {
        if (lambda == 1) {
            return v;
        }
        double x = Math.max(v, 0);
        return lambda == 0 ? Math.log1p(x) : (Math.pow(1 + x, lambda) - 1) / lambda;
    }

    /** The inverse of {@link #transform} (for a value below the transform's range: 0). */
    public double inverse(double u) {
        if (lambda == 1) {
            return u;
        }
        if (lambda == 0) {
            return Math.expm1(u);
        }
        double b = 1 + lambda * u;
        return b <= 0 ? 0 : Math.pow(b, 1 / lambda) - 1;
    }

    /** Prepares a causally filled series (no NaN) for row building; does not keep or mutate the array. */
    public Input input(double[] filled) {
        double[] u = new double[filled.length];
        double[] cum = new double[filled.length + 1];
        for (int i = 0; i < filled.length; i++) {
            u[i] = transform(filled[i]);
            cum[i + 1] = cum[i] + u[i];
        }
        return new Input(u, cum);
    }

    /** A transformed, filled series with its prefix sums. */
    public static final class Input {
        private final double[] u;
        private final double[] cum;

        private Input(double[] u, double[] cum) {
            this.u = u;
            this.cum = cum;
        }

        /** The transformed value at index i. */
        public double value(int i) {
            return u[i];
        }

        public int size() {
            return u.length;
        }

        /** The mean over the {@code n} indices ending at {@code t}, clamped at index 0. */
        double mean(int t, int n) {
            int lo = Math.max(0, t - n + 1);
            return (cum[t + 1] - cum[lo]) / (t + 1 - lo);
        }
    }

    /** The level that values and targets are taken relative to at origin {@code t} (0 when absolute). */
    public double level(Input in, int t) {
        return level == 0 ? 0 : in.mean(t, level);
    }

    /** The training target of pair (t, h) from the observed raw value at t + h. */
    public double target(Input in, int t, double observed) {
        return transform(observed) - level(in, t);
    }

    /**
     * The value a training pair with target index {@code s} is fitted to: the mean of the observed raw values within
     * the target smoothing window around s, inside {@code [0, end)} (the training data; never a gap). Training only.
     */
    public double smoothedTarget(double[] raw, int s, int end) {
        if (smoothing == 0) {
            return raw[s];
        }
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, s - smoothing); i <= Math.min(end - 1, s + smoothing); i++) {
            if (!Double.isNaN(raw[i])) {
                sum += raw[i];
                n++;
            }
        }
        return sum / n;
    }

    /** The forecast value from a model output for a pair at origin t. */
    public double toValue(Input in, int t, double output) {
        return inverse(output + level(in, t));
    }

    /**
     * Writes the features of pair (t, h) into {@code out} (length {@link #width()}).
     *
     * @param startEpochSecond the epoch second of index 0 (for the target's calendar)
     */
    public void row(Input in, long startEpochSecond, int t, int h, double[] out) {
        int s = t + h;
        long epoch = startEpochSecond + s * stepSeconds;
        double phase = 2 * Math.PI * Math.floorMod(epoch, DAY_SECONDS) / DAY_SECONDS;
        double b = level(in, t);
        int k = 0;
        out[k++] = Math.sin(phase);
        out[k++] = Math.cos(phase);
        out[k++] = Math.floorMod(Math.floorDiv(epoch, DAY_SECONDS) + 3, 7);
        out[k++] = h;
        out[k++] = in.u[t] - b;
        for (int l : lags) {
            out[k++] = in.u[Math.max(t - l, 0)] - b;
        }
        double day = s - stepsPerDay >= 0 ? in.u[s - stepsPerDay] : in.u[t];
        double week = s - 7 * stepsPerDay >= 0 ? in.u[s - 7 * stepsPerDay] : day;
        out[k++] = day - b;
        out[k++] = week - b;
        for (int w : neighbours) {
            out[k++] = neighbours(in, t, s - stepsPerDay, w, day) - b;
            out[k++] = neighbours(in, t, s - 7 * stepsPerDay, w, week) - b;
        }
        if (spec.profileDays() > 0) {
            out[k++] = profile(in, t, s, day) - b;
        }
        if (spec.seasonalDeltas()) {
            double dayDelta = delta(in, t, stepsPerDay);
            double weekDelta = delta(in, t, 7 * stepsPerDay);
            out[k++] = dayDelta;
            out[k++] = weekDelta;
            out[k++] = day + dayDelta - b;
            out[k++] = week + weekDelta - b;
        }
        for (int m : means) {
            out[k++] = in.mean(t, m) - b;
        }
        for (int m : maxes) {
            out[k++] = max(in, t, m) - b;
        }
    }

    /** The mean over the last profileDays days of the values around the target's time of day. */
    private double profile(Input in, int t, int s, double fallback) {
        int w = neighbours.length == 0 ? 0 : neighbours[0];
        double sum = 0;
        int n = 0;
        for (int d = 1; d <= spec.profileDays() && s - d * stepsPerDay >= 0; d++) {
            sum += neighbours(in, t, s - d * stepsPerDay, w, fallback);
            n++;
        }
        return n == 0 ? fallback : sum / n;
    }

    /** Mean of the values within w of centre, never past the origin; the fallback when the centre is before 0. */
    private double neighbours(Input in, int t, int centre, int w, double fallback) {
        int lo = Math.max(0, centre - w);
        int hi = Math.min(t, centre + w);
        if (centre < 0 || hi < lo) {
            return fallback;
        }
        return (in.cum[hi + 1] - in.cum[lo]) / (hi + 1 - lo);
    }

    /** The recent level minus the level one period earlier (0 when that lies before the series). */
    private double delta(Input in, int t, int period) {
        int n = Math.max(level, 1);
        if (t - period - n + 1 < 0) {
            return 0;
        }
        return in.mean(t, n) - in.mean(t - period, n);
    }

    private static double max(Input in, int t, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = Math.max(0, t - n + 1); i <= t; i++) {
            m = Math.max(m, in.u[i]);
        }
        return m;
    }
}
