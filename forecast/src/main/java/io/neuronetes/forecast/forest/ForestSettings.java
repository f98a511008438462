package io.neuronetes.forecast.forest;

import java.io.Serializable;

/**
 * Settings of the random forest and of its training set.
 *
 * @param trees the number of trees (default 100)
 * @param maxDepth the largest tree depth (default 20)
 * @param maxNodes the most leaves a tree may have (default 1000; bounds the model's size: about 16 bytes a node)
 * @param nodeSize the fewest training rows in a leaf (default 20)
 * @param mtry the features tried at each split; 0 means a third of them (default 0)
 * @param rowCap the most training pairs; above it a subset is drawn with {@code seed} (default 8000)
 * @param calibrationRows the most pairs whose out-of-bag forecasts fit the interval calibration and the persistence
 *        weights (default 32000); when the fit window has more pairs than {@code rowCap}, a second subset of up to
 *        this many is drawn (with {@code seed + 1}) for them, so the quantiles' tails rest on more residuals than
 *        the trees need rows; at most {@code rowCap} means the training pairs themselves
 * @param sampleRate the rows drawn (with replacement) for each tree, as a fraction of the rows of its bootstrap
 *        days (default 1, the classic bootstrap; lower is faster and decorrelates the trees)
 * @param seed the seed of the subsample and of every tree (default 0); the same data and seed give the same model
 * @param minTrainingDays the least history (in days of the fit window) to train a forest; with less, training
 *        returns the seasonal-naive model and says so (default 2)
 */
public record ForestSettings(int trees, int maxDepth, int maxNodes, int nodeSize, int mtry, int rowCap,
        int calibrationRows, double sampleRate, long seed, double minTrainingDays) implements Serializable {

    public ForestSettings {
        if (trees < 1 || maxDepth < 2 || maxNodes < 2 || nodeSize < 1 || mtry < 0 || rowCap < 100
                || calibrationRows < 0 || !(sampleRate > 0 && sampleRate <= 1) || minTrainingDays < 0) {
            throw new IllegalArgumentException("invalid forest settings: " + "trees=" + trees + " (>= 1), maxDepth="
                    + maxDepth + " (>= 2), maxNodes=" + maxNodes + " (>= 2), nodeSize=" + nodeSize + " (>= 1), mtry="
                    + mtry + " (>= 0), rowCap=" + rowCap + " (>= 100), calibrationRows=" + calibrationRows
                    + " (>= 0), sampleRate=" + sampleRate + " (in (0, 1]), minTrainingDays=" + minTrainingDays
                    + " (>= 0)");
        }
    }

    /** The documented defaults. */
    public static ForestSettings defaults() {
        return new ForestSettings(100, 20, 1000, 20, 0, 8_000, 32_000, 1, 0, 2);
    }

    public ForestSettings withTrees(int n) {
        return new ForestSettings(n, maxDepth, maxNodes, nodeSize, mtry, rowCap, calibrationRows, sampleRate, seed,
                minTrainingDays);
    }

    public ForestSettings withSeed(long s) {
        return new ForestSettings(trees, maxDepth, maxNodes, nodeSize, mtry, rowCap, calibrationRows, sampleRate, s,
                minTrainingDays);
    }
}
