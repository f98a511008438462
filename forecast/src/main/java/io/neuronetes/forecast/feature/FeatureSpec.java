package io.neuronetes.forecast.feature;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The unfitted description of the features of one forecast pair (origin t, step h, target s = t + h). Durations are
 * in minutes and become grid steps when the specification is {@linkplain #fit fitted} to a series' step.
 *
 * <p>Every feature reads only values at or before the origin (no look-ahead); gaps are filled causally before
 * features are computed ({@link CausalFill}). Features:
 * <ul>
 *   <li>the target's time of day (sin, cos) and day of week, and the step h;</li>
 *   <li>the value at the origin and at the recent lags {@link #lagMinutes};</li>
 *   <li>the values one day and one week before the target, each also as the mean of its neighbours within each
 *       of the {@link #neighbourMinutes} either side;</li>
 *   <li>the daily profile (when {@link #profileDays} is positive): the mean, over the last {@code profileDays}
 *       days, of the values around the target's time of day (the first neighbour window);</li>
 *   <li>the seasonal deltas (when {@link #seasonalDeltas}): the recent level minus the level one day (one week)
 *       before, and the seasonal values shifted by them;</li>
 *   <li>rolling means over {@link #meanMinutes} and rolling maxima over {@link #maxMinutes} ending at the origin.</li>
 * </ul>
 * Values enter through a power transform ({@link Transform}): none, square root, log, or chosen from the data. When {@link #levelMinutes} is positive,
 * every value feature and the target are taken relative to the level (the mean of the transformed values over that
 * window ending at the origin), so that the trees learn shapes rather than absolute loads and follow level shifts
 * they never saw.
 *
 * @param lagMinutes recent lags; converted with {@code ceil(minutes / step)}, at least one step, duplicates dropped
 * @param meanMinutes windows of the rolling means
 * @param maxMinutes windows of the rolling maxima
 * @param neighbourMinutes half-widths of the windows around the seasonal lags averaged into neighbour features
 * @param profileDays the days averaged into the daily profile; 0: no profile feature
 * @param seasonalDeltas whether to add the day/week deltas and the shifted seasonal values
 * @param levelMinutes the window of the level that values are taken relative to; 0: absolute values
 * @param transform the value transform
 * @param targetSmoothingMinutes training targets are the mean of the observed values within this many minutes
 *        either side of the target time (converted with floor, so 0 steps on a grid coarser than this); it takes
 *        the per-step noise out of what the trees fit without changing what they forecast. 0: raw targets
 */
public record FeatureSpec(List<Integer> lagMinutes, List<Integer> meanMinutes, List<Integer> maxMinutes,
        List<Integer> neighbourMinutes, int profileDays, boolean seasonalDeltas, int levelMinutes,
        Transform transform, int targetSmoothingMinutes)
        implements Serializable {

    /**
     * The transform of values before features and targets are computed. The power transforms
     * {@code ((1 + v)^lambda - 1) / lambda} (lambda = 0: {@code log(1 + v)}) stabilise noise that grows as
     * {@code level^(1 - lambda)}; negative values are clamped to 0 first.
     */
    public enum Transform {
        /** Values as they are (lambda = 1). */
        NONE,
        /** Square root (lambda = 0.5): Poisson-like counts. */
        SQRT,
        /** Log (lambda = 0): multiplicative noise. */
        LOG,
        /** lambda = 1 - p, with p the noise power measured on the history (see {@code NoisePower}). */
        AUTO
    }

    /** The features of the bench's random-forest peer (absolute values, one 15-minute mean, no extras). */
    public static final FeatureSpec BENCH = new FeatureSpec(List.of(1, 5, 15, 60), List.of(15), List.of(), List.of(),
            0, false, 0, Transform.NONE, 0);

    public FeatureSpec {
        lagMinutes = List.copyOf(lagMinutes);
        meanMinutes = List.copyOf(meanMinutes);
        maxMinutes = List.copyOf(maxMinutes);
        neighbourMinutes = List.copyOf(neighbourMinutes);
        for (List<Integer> l : List.of(lagMinutes, meanMinutes, maxMinutes, neighbourMinutes)) {
            if (l.stream().anyMatch(m -> m < 1)) {
                throw new IllegalArgumentException("feature windows must be >= 1 minute: " + l);
            }
        }
        java.util.Objects.requireNonNull(transform, "transform");
        if (profileDays < 0 || profileDays > 7 || levelMinutes < 0 || targetSmoothingMinutes < 0) {
            throw new IllegalArgumentException(
                    "profileDays must be in 0..7, levelMinutes and targetSmoothingMinutes >= 0");
        }
    }

    /** The default specification (chosen by backtests; see docs/forecasting.md). */
    public static FeatureSpec defaults() {
        return new FeatureSpec(List.of(1, 5, 15, 60), List.of(5, 15, 240), List.of(60), List.of(5), 0, true, 60,
                Transform.SQRT, 5);
    }

    /**
     * Fits the specification to a grid step; an {@link Transform#AUTO} transform takes lambda = 1 (none).
     *
     * @throws IllegalArgumentException if the step does not divide a day
     */
    public FittedFeatures fit(Duration step) {
        return new FittedFeatures(this, step, switch (transform) {
            case NONE, AUTO -> 1;
            case SQRT -> 0.5;
            case LOG -> 0;
        });
    }

    /**
     * Fits the specification to a series: its step, and for {@link Transform#AUTO} the lambda measured on its
     * values (lambda = 1 - noise power, in [0, 1]).
     *
     * @param values the history, gaps as NaN
     * @throws IllegalArgumentException if the step does not divide a day
     */
    public FittedFeatures fit(Duration step, double[] values) {
        if (transform != Transform.AUTO) {
            return fit(step);
        }
        return new FittedFeatures(this, step, 1 - NoisePower.of(values));
    }

    /** A stable hash of the specification (hex SHA-256 of its canonical text), recorded with every model. */
    public String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
