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

    private final Duration step;
    private final int stepsPerDay;
    private final int horizon;
    private final ResidualCalibration calibration;
    private final String note;

    private SeasonalNaiveModel(Duration step, int horizon, ResidualCalibration calibration, String note) {
        this.step = step;
        this.stepsPerDay = (int) (86_400 / step.getSeconds());
        this.horizon = horizon;
        this.calibration = calibration;
        this.note = note;
    }

    /**
     * The seasonal-naive model of {@code history}, with {@code reason} (why it is used) in its forecasts' note.
     *
     * @throws IllegalArgumentException for a horizon &lt; 1 or a step that does not divide a day
     */
    public static SeasonalNaiveModel fit(TimeSeries history, int horizon, String reason) {
        long s = history.stepSeconds();
        if (s <= 0 || 86_400 % s != 0 || horizon < 1) {
            throw new IllegalArgumentException("need a step dividing a day and a horizon >= 1");
        }
        int spd = (int) (86_400 / s);
        double[] raw = history.values();
        double[] filled = CausalFill.fill(raw, spd);
        boolean nonNegative = true;
        List<double[]> res = new ArrayList<>();
        for (int t = 0; t < raw.length; t++) {
            nonNegative &= Double.isNaN(raw[t]) || raw[t] >= 0;
            for (int h = 1; h <= horizon && t + h < raw.length && t + h >= spd; h++) {
                if (!Double.isNaN(raw[t + h])) {
                    res.add(new double[] {h, seasonal(filled, t, h, spd), raw[t + h]});
                }
            }
        }
        ResidualCalibration cal = null;
        if (res.size() >= 20) {
            int[] st = res.stream().mapToInt(r -> (int) r[0]).toArray();
            cal = ResidualCalibration.fit(horizon, st, res.stream().mapToDouble(r -> r[1]).toArray(),
                    res.stream().mapToDouble(r -> r[2]).toArray(), nonNegative);
        }
        String lags = raw.length > 7 * spd ? "week lag" : raw.length > spd ? "day lag" : "last value";
        String intervals = cal == null ? "; no interval (too few errors to measure)" : "";
        return new SeasonalNaiveModel(history.step(), horizon, cal, "seasonal naive (" + lags + "): " + reason + intervals);
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
        double[] point = new double[h];
        StepDistribution[] dist = new StepDistribution[h];
        for (int k = 1; k <= h; k++) {
            double p = seasonal(filled, o - from, k, stepsPerDay);
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
