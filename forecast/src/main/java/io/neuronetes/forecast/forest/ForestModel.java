package io.neuronetes.forecast.forest;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastMethod;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.StepDistribution;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.calibration.ResidualCalibration;
import io.neuronetes.forecast.feature.CausalFill;
import io.neuronetes.forecast.feature.FittedFeatures;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A trained forest: one pooled direct model over the steps 1..horizon (h is a feature), its fitted features, the
 * residual calibration of its intervals and the confidence of each step. Immutable and serializable.
 *
 * <p>{@link #forecast} reads only values at or before the origin: it fills gaps causally in a window that ends at
 * the origin ({@value #WINDOW_DAYS} days, longer than any feature looks back) and builds one feature row per step.
 */
public final class ForestModel implements ForecastModel, Serializable {

    private static final long serialVersionUID = 1L;
    static final int WINDOW_DAYS = 15;

    private final Duration step;
    private final int horizon;
    private final FittedFeatures features;
    private final CompactTree[] trees;
    private final double[] importance;
    private final ResidualCalibration calibration;
    private final boolean nonNegative;
    private final double[] stepConfidence;
    private final String note;
    /** Per step, the weight of the last value in the point; null (models written before it) means 0. */
    private final double[] persistence;
    /**
     * The confidence measured on the backtest's pairs of all steps together; null (models written before it, or
     * without a backtest) means the lowest step confidence.
     */
    private final Double confidence;

    ForestModel(Duration step, int horizon, FittedFeatures features, CompactTree[] trees, double[] importance,
            ResidualCalibration calibration, boolean nonNegative, double[] stepConfidence, String note,
            double[] persistence) {
        this(step, horizon, features, trees, importance, calibration, nonNegative, stepConfidence, note, persistence,
                null);
    }

    private ForestModel(Duration step, int horizon, FittedFeatures features, CompactTree[] trees, double[] importance,
            ResidualCalibration calibration, boolean nonNegative, double[] stepConfidence, String note,
            double[] persistence, Double confidence) {
        this.step = step;
        this.horizon = horizon;
        this.features = features;
        this.trees = trees;
        this.importance = importance.clone();
        this.calibration = calibration;
        this.nonNegative = nonNegative;
        this.stepConfidence = stepConfidence.clone();
        this.note = note;
        this.persistence = persistence == null ? null : persistence.clone();
        this.confidence = confidence;
    }

    /**
     * A copy whose forecasts carry a backtest's confidence: {@code perStep} (one entry per step) and
     * {@code overall}, measured on the pairs of all steps together, which is the forecasts' confidence; each in
     * [0, 1].
     */
    public ForestModel withConfidence(double[] perStep, double overall) {
        if (perStep.length != horizon) {
            throw new IllegalArgumentException("need one confidence per step: " + horizon);
        }
        if (!(overall >= 0 && overall <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + overall);
        }
        return new ForestModel(step, horizon, features, trees, importance, calibration, nonNegative, perStep,
                note, persistence, overall);
    }

    /** The confidence of its forecasts: the backtest's over all steps, else the lowest step confidence. */
    public double confidence() {
        return confidence != null ? confidence : Forecast.lowest(stepConfidence);
    }

    @Override
    public int horizon() {
        return horizon;
    }

    public Duration step() {
        return step;
    }

    public FittedFeatures features() {
        return features;
    }

    public ResidualCalibration calibration() {
        return calibration;
    }

    /**
     * The weight of the last value in the point forecast of each step (index 0 for step 1): the point is
     * {@code (1 - w) * forest + w * value at the origin}, with w chosen on the out-of-bag pairs.
     */
    public double[] persistenceWeights() {
        return persistence == null ? new double[horizon] : persistence.clone();
    }

    /** The confidence of each step (index 0 for step 1). */
    public double[] stepConfidence() {
        return stepConfidence.clone();
    }

    /** The impurity decrease of each feature summed over the trees, by feature name, in row order. */
    public java.util.Map<String, Double> importance() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int j = 0; j < importance.length; j++) {
            m.put(features.names().get(j), importance[j]);
        }
        return m;
    }

    /** The note its forecasts carry. */
    public String note() {
        return note;
    }

    /** The number of trees. */
    public int trees() {
        return trees.length;
    }

    /** An estimate of the model's heap size in bytes: the tree arrays, which are nearly all of it. */
    public long estimatedBytes() {
        return Arrays.stream(trees).mapToLong(CompactTree::bytes).sum() + 16L * trees.length + 4096;
    }

    /** The number of tree nodes, all trees together. */
    public long nodes() {
        return Arrays.stream(trees).mapToLong(CompactTree::nodes).sum();
    }

    @Override
    public Forecast forecast(TimeSeries series, Instant origin, int horizon) {
        checkRequest(series, origin, horizon);
        int o = series.indexOf(origin);
        int from = Math.max(0, o - WINDOW_DAYS * features.stepsPerDay());
        double[] window = new double[o + 1 - from];
        for (int i = from; i <= o; i++) {
            window[i - from] = series.value(i);
        }
        double[] filled = CausalFill.fill(window, features.stepsPerDay());
        FittedFeatures.Input in = features.input(filled);
        int t = o - from;
        long startEpoch = series.time(from).getEpochSecond();
        double[] row = new double[features.width()];
        double[] point = new double[horizon];
        StepDistribution[] dist = new StepDistribution[horizon];
        for (int h = 1; h <= horizon; h++) {
            features.row(in, startEpoch, t, h, row);
            double mean = features.toValue(in, t, output(row));
            if (persistence != null) {
                mean = (1 - persistence[h - 1]) * mean + persistence[h - 1] * filled[t];
            }
            dist[h - 1] = calibration.distribution(h, nonNegative ? Math.max(0, mean) : mean);
            point[h - 1] = nonNegative ? Math.max(0, mean) : mean;
        }
        double[] stepConf = Arrays.copyOf(stepConfidence, horizon);
        return Forecast.of(origin, step, point, dist, stepConf, confidence != null ? confidence
                : Forecast.lowest(stepConf), ForecastMethod.FOREST, note);
    }

    /** The mean tree output (in the model's transformed, level-relative scale) for one feature row. */
    double output(double[] row) {
        double out = 0;
        for (CompactTree tree : trees) {
            out += tree.predict(row);
        }
        return out / trees.length;
    }

    private void checkRequest(TimeSeries series, Instant origin, int h) {
        if (h < 1 || h > this.horizon) {
            throw new IllegalArgumentException("horizon must be in 1.." + this.horizon + ", got " + h);
        }
        if (!series.step().equals(step)) {
            throw new IllegalArgumentException("the model was trained on a " + step + " step, the series has "
                    + series.step());
        }
        int o = series.indexOf(origin);
        if (o < 0 || o >= series.size()) {
            throw new IllegalArgumentException("origin " + origin + " lies outside the series " + series);
        }
    }
}
