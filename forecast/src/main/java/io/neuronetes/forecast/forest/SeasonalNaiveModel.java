package io.neuronetes.forecast.forest;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastMethod;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.StepDistribution;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.calibration.ResidualCalibration;
import io.neuronetes.forecast.feature.CausalFill;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback when there is too little history to train: each target takes the value one week before it, else one
 * day before it, else the value at the origin (inputs filled causally). Its intervals come from its own errors on
 * the history when there are at least 20 of them, else they are empty (every quantile is the point). Its confidence
 * is 0 on every step, so a planner that gates on confidence does not act on it, and its note says why it was used.
 */
public final class SeasonalNaiveModel implements ForecastModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final long RECENT_SECONDS = 3600;
    private static final int MIN_PAIRS = 20;

    private final Duration step;
    private final int stepsPerDay;
    private final int horizon;
    private final ResidualCalibration calibration;
    private final String note;
    /** Per step (0-based), whether it forecasts the recent mean instead of the seasonal value; null: none does. */
    private final boolean[] recent;
    private final int recentSteps;

    private SeasonalNaiveModel(Duration step, int horizon, ResidualCalibration calibration, String note,
            boolean[] recent, int recentSteps) {
        this.step = step;
        this.stepsPerDay = (int) (86_400 / step.getSeconds());
        this.horizon = horizon;
        this.calibration = calibration;
        this.note = note;
        this.recent = recent;
        this.recentSteps = recentSteps;
    }

    /**
     * The seasonal-naive model of {@code history}, with {@code reason} (why it is used) in its forecasts' note.
     *
     * @throws IllegalArgumentException for a horizon &lt; 1 or a step that does not divide a day
     */
    public static SeasonalNaiveModel fit(TimeSeries history, int horizon, String reason) {
        return fit(history, horizon, reason, false);
    }

    /**
     * The fallback of a trainer: the seasonal-naive model, except that each step whose errors on {@code history}
     * are smaller with the mean of the last hour (observed values only, at least half of them) than with the
     * seasonal value forecasts that mean. Over a few minutes the recent level is usually the better guess; the
     * seasonal value compares two noisy minutes a week apart.
     *
     * @throws IllegalArgumentException for a horizon &lt; 1 or a step that does not divide a day
     */
    public static SeasonalNaiveModel fallback(TimeSeries history, int horizon, String reason) {
        return fit(history, horizon, reason, true);
    }

    private static SeasonalNaiveModel fit(TimeSeries history, int horizon, String reason, boolean withRecent) {
        long s = history.stepSeconds();
        if (s <= 0 || 86_400 % s != 0 || horizon < 1) {
            throw new IllegalArgumentException("need a step dividing a day and a horizon >= 1");
        }
        int spd = (int) (86_400 / s);
        int window = (int) Math.max(1, Math.min(spd, RECENT_SECONDS / s));
        double[] raw = history.values();
        double[] filled = CausalFill.fill(raw, spd);
        double[] mean = withRecent ? new double[raw.length] : null;
        for (int t = 0; withRecent && t < raw.length; t++) {
            mean[t] = recentMean(raw, t, window);
        }
        boolean nonNegative = true;
        double[] seasonalErr = new double[horizon];
        double[] recentErr = new double[horizon];
        int[] both = new int[horizon];
        for (int t = 0; t < raw.length; t++) {
            nonNegative &= Double.isNaN(raw[t]) || raw[t] >= 0;
            for (int h = 1; withRecent && h <= horizon && t + h < raw.length && t + h >= spd; h++) {
                if (!Double.isNaN(raw[t + h]) && !Double.isNaN(mean[t])) {
                    seasonalErr[h - 1] += Math.abs(raw[t + h] - seasonal(filled, t, h, spd));
                    recentErr[h - 1] += Math.abs(raw[t + h] - mean[t]);
                    both[h - 1]++;
                }
            }
        }
        boolean[] recent = withRecent ? new boolean[horizon] : null;
        int recentCount = 0;
        for (int h = 0; withRecent && h < horizon; h++) {
            recent[h] = both[h] >= MIN_PAIRS && recentErr[h] < seasonalErr[h];
            recentCount += recent[h] ? 1 : 0;
        }
        List<double[]> res = new ArrayList<>();
        for (int t = 0; t < raw.length; t++) {
            for (int h = 1; h <= horizon && t + h < raw.length && t + h >= spd; h++) {
                if (!Double.isNaN(raw[t + h])) {
                    res.add(new double[] {h, point(recent, withRecent ? mean[t] : Double.NaN, filled, t, h, spd),
                        raw[t + h]});
                }
            }
        }
        ResidualCalibration cal = null;
        if (res.size() >= MIN_PAIRS) {
            int[] st = res.stream().mapToInt(r -> (int) r[0]).toArray();
            cal = ResidualCalibration.fit(horizon, st, res.stream().mapToDouble(r -> r[1]).toArray(),
                    res.stream().mapToDouble(r -> r[2]).toArray(), nonNegative);
        }
        String lags = raw.length > 7 * spd ? "week lag" : raw.length > spd ? "day lag" : "last value";
        if (recentCount > 0) {
            lags += "; " + steps(recent) + " from the mean of the last " + window * s / 60
                    + " minutes, which missed less on the history";
        }
        String intervals = cal == null ? "; no interval (too few errors to measure)" : "";
        return new SeasonalNaiveModel(history.step(), horizon, cal, "seasonal naive (" + lags + "): " + reason
                + intervals, recentCount > 0 ? recent : null, window);
    }

    /** The mean of the observed values of {@code raw[t - window + 1 .. t]}, NaN with fewer than half observed. */
    private static double recentMean(double[] raw, int t, int window) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, t - window + 1); i <= t; i++) {
            if (!Double.isNaN(raw[i])) {
                sum += raw[i];
                n++;
            }
        }
        return 2 * n >= Math.min(window, t + 1) ? sum / n : Double.NaN;
    }

    /** "step 3", "steps 1-6" or "steps 1, 3, 4". */
    private static String steps(boolean[] chosen) {
        List<Integer> h = new ArrayList<>();
        for (int k = 0; k < chosen.length; k++) {
            if (chosen[k]) {
                h.add(k + 1);
            }
        }
        if (h.size() == 1) {
            return "step " + h.get(0);
        }
        boolean contiguous = h.get(h.size() - 1) - h.get(0) == h.size() - 1;
        return "steps " + (contiguous ? h.get(0) + "-" + h.get(h.size() - 1)
                : String.join(", ", h.stream().map(String::valueOf).toList()));
    }

    /**
     * The forecast of pair (t, h): the recent mean at t when step h uses it and it is known, else the seasonal value.
     * The calibration's residuals and the forecasts both come from here.
     */
    private static double point(boolean[] recent, double mean, double[] filled, int t, int h, int spd) {
        return recent != null && recent[h - 1] && !Double.isNaN(mean) ? mean : seasonal(filled, t, h, spd);
    }

    /** The seasonal-naive value for pair (t, h) of a filled series: week lag, else day lag, else the origin. */
    static double seasonal(double[] filled, int t, int h, int spd) {
        int s = t + h;
        if (s - 7 * spd >= 0) {
            return filled[s - 7 * spd];
        }
        return s - spd >= 0 ? filled[s - spd] : filled[t];
    }

    @Override
    public Forecast forecast(TimeSeries series, Instant origin, int h) {
        if (h < 1 || h > horizon) {
            throw new IllegalArgumentException("horizon must be in 1.." + horizon + ", got " + h);
        }
        int o = series.indexOf(origin);
        if (o < 0 || o >= series.size()) {
            throw new IllegalArgumentException("origin " + origin + " lies outside the series " + series);
        }
        int from = Math.max(0, o - ForestModel.WINDOW_DAYS * stepsPerDay);
        double[] window = new double[o + 1 - from];
        for (int i = from; i <= o; i++) {
            window[i - from] = series.value(i);
        }
        double[] filled = CausalFill.fill(window, stepsPerDay);
        double mean = recent == null ? Double.NaN : recentMean(window, o - from, recentSteps);
        double[] point = new double[h];
        StepDistribution[] dist = new StepDistribution[h];
        for (int k = 1; k <= h; k++) {
            double p = point(recent, mean, filled, o - from, k, stepsPerDay);
            point[k - 1] = p;
            dist[k - 1] = calibration == null ? q -> p : calibration.distribution(k, p);
        }
        return Forecast.of(origin, step, point, dist, new double[h], ForecastMethod.SEASONAL_NAIVE, note);
    }

    @Override
    public int horizon() {
        return horizon;
    }

    /** Why this model is used. */
    public String note() {
        return note;
    }
}
