package io.neuronetes.forecast.forest;

import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.calibration.ResidualCalibration;
import io.neuronetes.forecast.eval.Confidence;
import io.neuronetes.forecast.feature.CausalFill;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.feature.FittedFeatures;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.IntStream;
import smile.base.cart.CART;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.math.MathEx;
import smile.regression.RegressionTree;

/**
 * Trains a {@link ForestModel} with Smile's regression trees: one pooled direct model for steps 1..horizon.
 *
 * <p>Steps: fill the history causally; build the training pairs of the fit window (targets observed, at most
 * {@code rowCap}); grow the trees in parallel, each on a block bootstrap (whole days of targets drawn with
 * replacement, then rows drawn with replacement inside them) with its own seed; predict the pairs of the window (up
 * to {@code calibrationRows} of them, the training pairs among them or not) from the trees whose bootstrap left
 * their day out (out-of-bag, so the prediction never saw the target nor its neighbours); choose
 * per step the weight of the value at the origin in the point ({@link #persistenceWeights}); fit the interval
 * calibration to the residuals of those weighted out-of-bag points. With too little history it returns a
 * {@link SeasonalNaiveModel} that says why.
 *
 * <p>Same history, settings and seed give the same model. Does not mutate its input.
 */
public final class ForestTrainer implements Trainer {

    private static final System.Logger LOG = System.getLogger(ForestTrainer.class.getName());
    private static final StructField RESPONSE = new StructField("target", DataTypes.DoubleType);
    /** The grid of persistence weights tried per step: 0, 1 / WEIGHT_GRID, ..., 1. */
    private static final int WEIGHT_GRID = 20;
    /** The fewest out-of-bag pairs of a step to choose its persistence weight on. */
    private static final int MIN_PAIRS = 20;
    /** The least relative reduction of the out-of-bag absolute error for a step to weigh the last value. */
    static final double MIN_GAIN = 0.02;
    /** The fewest pairs with observed inputs to calibrate on them alone (30 residuals beyond the 0.97 quantile). */
    static final int MIN_OBSERVED_PAIRS = 1000;

    private final ForestSettings settings;
    private final FeatureSpec spec;

    public ForestTrainer(ForestSettings settings, FeatureSpec spec) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** A trainer with the default settings and features. */
    public static ForestTrainer defaults() {
        return new ForestTrainer(ForestSettings.defaults(), FeatureSpec.defaults());
    }

    public ForestSettings settings() {
        return settings;
    }

    public FeatureSpec spec() {
        return spec;
    }

    @Override
    public ForecastModel train(TimeSeries history, int horizon) {
        return train(history, history.start(), horizon);
    }

    /**
     * Trains on the pairs whose origin lies at or after {@code fitFrom}; lag features may read earlier rows.
     *
     * @throws IllegalArgumentException for a horizon &lt; 1 or above a day, or a fitFrom off the grid
     */
    @Override
    public ForecastModel train(TimeSeries history, Instant fitFrom, int horizon) {
        double[] raw = history.values();
        FittedFeatures f = spec.fit(history.step(), raw);
        int spd = f.stepsPerDay();
        if (horizon < 1 || horizon > spd) {
            throw new IllegalArgumentException("horizon must be in 1.." + spd + " steps, got " + horizon);
        }
        int from = Math.max(0, history.indexOf(fitFrom));
        int observed = 0;
        boolean nonNegative = true;
        for (int i = 0; i < raw.length; i++) {
            observed += i >= from && !Double.isNaN(raw[i]) ? 1 : 0;
            nonNegative &= Double.isNaN(raw[i]) || raw[i] >= 0;
        }
        if (observed < settings.minTrainingDays() * spd) {
            return SeasonalNaiveModel.fallback(history, horizon, String.format(
                    "too little history to train a forest: %.2f days observed in the fit window, %.2f needed",
                    observed / (double) spd, settings.minTrainingDays()));
        }
        double[] filled = CausalFill.fill(raw, spd);
        FittedFeatures.Input in = f.input(filled);
        long start = history.start().getEpochSecond();
        TrainingSet set = TrainingSet.build(f, in, raw, start, from, horizon, settings.rowCap(), settings.seed());
        Grown grown = grow(set, f);
        // Out-of-bag forecasts for the calibration: of more pairs than the trees need when the window has them
        TrainingSet held = set.capped && settings.calibrationRows() > settings.rowCap()
                ? TrainingSet.build(f, in, raw, start, from, horizon, settings.calibrationRows(), settings.seed() + 1)
                : set;
        Residuals forest = outOfBag(held, grown, f, in, filled, nonNegative, observedInputs(held, f, raw));
        double[] persistence = persistenceWeights(horizon, forest.step(), forest.point(), forest.last(),
                forest.actual());
        Residuals r = forest.blended(persistence);
        if (r.step().length < 20) {
            return SeasonalNaiveModel.fallback(history, horizon,
                    "too few out-of-bag pairs to calibrate: " + r.step().length);
        }
        ResidualCalibration cal = driftAdjusted(
                ResidualCalibration.fit(horizon, r.step(), r.point(), r.actual(), nonNegative), r);
        double[] conf = Confidence.provisional(horizon, r.step(), r.point(), r.actual(), r.reference());
        String note = String.format("forest of %d trees on %d pairs from %.2f days, calibrated on %d out-of-bag pairs",
                grown.trees.length, set.size(), (raw.length - from) / (double) spd, r.step().length);
        if (persistence[0] > 0) {
            note += String.format("; step 1 weighs the last value %.2f", persistence[0]);
        }
        LOG.log(System.Logger.Level.DEBUG, note);
        return new ForestModel(history.step(), horizon, f, grown.trees, grown.importance, cal, nonNegative, conf,
                note, persistence);
    }

    /**
     * Out-of-bag pairs: step, point forecast (value scale), observed value, seasonal-naive reference, whether the
     * pair's target lies on the fit window's last day, and the (causally filled) value at the pair's origin.
     */
    private record Residuals(int[] step, double[] point, double[] actual, double[] reference, boolean[] lastDay,
            double[] last) {

        static Residuals of(int n) {
            return new Residuals(new int[n], new double[n], new double[n], new double[n], new boolean[n],
                    new double[n]);
        }

        Residuals select(boolean[] keep) {
            int n = 0;
            for (boolean k : keep) {
                n += k ? 1 : 0;
            }
            Residuals out = of(n);
            for (int i = 0, j = 0; i < keep.length; i++) {
                if (keep[i]) {
                    out.step[j] = step[i];
                    out.point[j] = point[i];
                    out.actual[j] = actual[i];
                    out.reference[j] = reference[i];
                    out.lastDay[j] = lastDay[i];
                    out.last[j] = last[i];
                    j++;
                }
            }
            return out;
        }

        /** The same pairs with each point moved to {@code (1 - w_h) point + w_h last}. */
        Residuals blended(double[] weight) {
            double[] p = new double[point.length];
            for (int i = 0; i < p.length; i++) {
                double w = weight[step[i] - 1];
                p[i] = (1 - w) * point[i] + w * last[i];
            }
            return new Residuals(step, p, actual, reference, lastDay, last);
        }
    }

    /**
     * Per step, the weight w in {0, 0.05, ..., 1} of the last value in {@code (1 - w) forest + w last} that gives
     * the least absolute error on the out-of-bag pairs, kept only when it lowers that error by at least
     * {@link #MIN_GAIN} against the forest alone; 0 when a step has fewer than {@code MIN_PAIRS} pairs.
     */
    static double[] persistenceWeights(int horizon, int[] step, double[] point, double[] last, double[] actual) {
        double[][] err = new double[horizon][WEIGHT_GRID + 1];
        int[] count = new int[horizon];
        for (int i = 0; i < step.length; i++) {
            count[step[i] - 1]++;
            for (int g = 0; g <= WEIGHT_GRID; g++) {
                double w = g / (double) WEIGHT_GRID;
                err[step[i] - 1][g] += Math.abs(actual[i] - ((1 - w) * point[i] + w * last[i]));
            }
        }
        double[] weight = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            if (count[h] < MIN_PAIRS) {
                continue;
            }
            int best = 0;
            for (int g = 1; g <= WEIGHT_GRID; g++) {
                best = err[h][g] < err[h][best] ? g : best;
            }
            // A weight must earn its place: a small gain is what picking the best of 21 weights finds by chance.
            weight[h] = err[h][best] <= (1 - MIN_GAIN) * err[h][0] ? best / (double) WEIGHT_GRID : 0;
        }
        return weight;
    }

    /**
     * Inflates the calibration by how much more the pairs of the fit window's last day miss than all out-of-bag
     * pairs do (clamped to [1, 3]). Their out-of-bag trees never saw that day nor anything after it, so their
     * errors are those of forecasting forward, as the model will; the other days are partly interpolated.
     */
    private static ResidualCalibration driftAdjusted(ResidualCalibration cal, Residuals all) {
        Residuals last = all.select(all.lastDay());
        if (last.step().length < 20) {
            return cal;
        }
        double ratio = cal.meanAbsStandardised(last.step(), last.point(), last.actual());
        return Double.isFinite(ratio) ? cal.inflated(Math.max(1, Math.min(3, ratio))) : cal;
    }

    private record Grown(CompactTree[] trees, int[][] blockCounts, double[] importance) {
    }

    private Grown grow(TrainingSet set, FittedFeatures f) {
        DataFrame x = DataFrame.of(set.x, f.names().toArray(String[]::new));
        int[][] order = CART.order(x);
        int p = f.width();
        int mtry = settings.mtry() > 0 ? Math.min(settings.mtry(), p) : Math.max(1, p / 3);
        int maxNodes = Math.max(2, Math.min(settings.maxNodes(), set.size() / settings.nodeSize()));
        int trees = settings.trees();
        CompactTree[] out = new CompactTree[trees];
        int[][] counts = new int[trees][];
        double[][] importance = new double[trees][];
        IntStream.range(0, trees).parallel().forEach(k -> {
            long seed = treeSeed(settings.seed(), k);
            int[] blockCount = new int[set.blocks];
            int[] samples = BlockBootstrap.draw(set.block, set.blocks, settings.sampleRate(), seed, blockCount);
            MathEx.setSeed(seed);
            RegressionTree tree = new RegressionTree(x, Loss.ls(set.y), RESPONSE, settings.maxDepth(), maxNodes,
                    settings.nodeSize(), mtry, samples, order);
            out[k] = CompactTree.of(tree);
            counts[k] = blockCount;
            importance[k] = tree.importance();
        });
        double[] total = new double[p];
        for (double[] imp : importance) {
            for (int j = 0; j < p; j++) {
                total[j] += imp[j];
            }
        }
        return new Grown(out, counts, total);
    }

    /** A seed for tree k, above 1 (Smile only reseeds for seeds > 1) and spread by a 64-bit mix. */
    static long treeSeed(long seed, int k) {
        long z = seed * 0x9E3779B97F4A7C15L + (k + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return ((z ^ (z >>> 31)) & Long.MAX_VALUE) | 2;
    }

    /**
     * The pairs whose gap-prone inputs are all observed ({@link FittedFeatures#readsObserved}), or null (every pair)
     * when fewer than {@link #MIN_OBSERVED_PAIRS} are: a history without long gaps keeps every pair; after a
     * days-long outage the pairs that read values made up for it neither set the persistence weights nor calibrate
     * the quantiles (they still train the trees).
     */
    static boolean[] observedInputs(TrainingSet set, FittedFeatures f, double[] raw) {
        int[] gaps = FittedFeatures.gapsBefore(raw);
        if (gaps[raw.length] == 0) {
            return null;
        }
        boolean[] keep = new boolean[set.size()];
        int kept = 0;
        for (int i = 0; i < keep.length; i++) {
            keep[i] = f.readsObserved(gaps, set.origin[i], set.step[i]);
            kept += keep[i] ? 1 : 0;
        }
        return kept == keep.length || kept < MIN_OBSERVED_PAIRS ? null : keep;
    }

    /**
     * Out-of-bag forecasts of the pairs whose day some tree left out (the mean of those trees), of the pairs
     * {@code keep} marks (all when null).
     */
    private static Residuals outOfBag(TrainingSet set, Grown g, FittedFeatures f, FittedFeatures.Input in,
            double[] filled, boolean nonNegative, boolean[] keep) {
        int n = set.size();
        Residuals all = Residuals.of(n);
        boolean[] has = new boolean[n];
        int spd = f.stepsPerDay();
        for (int i = 0; i < n; i++) {
            if (keep != null && !keep[i]) {
                continue;
            }
            double sum = 0;
            int m = 0;
            for (int k = 0; k < g.trees.length; k++) {
                if (g.blockCounts[k][set.block[i]] == 0) {
                    sum += g.trees[k].predict(set.x[i]);
                    m++;
                }
            }
            if (m > 0) {
                double p = f.toValue(in, set.origin[i], sum / m);
                has[i] = true;
                all.step()[i] = set.step[i];
                all.point()[i] = nonNegative ? Math.max(0, p) : p;
                all.actual()[i] = set.observed[i];
                all.reference()[i] = SeasonalNaiveModel.seasonal(filled, set.origin[i], set.step[i], spd);
                all.lastDay()[i] = set.block[i] == set.blocks - 1;
                all.last()[i] = filled[set.origin[i]];
            }
        }
        return all.select(has);
    }
}
