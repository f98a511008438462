package io.neuronetes.scheduler.replay;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastMethod;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.StepDistribution;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import java.time.Instant;

/**
 * A small trainer for replay tests: the point forecast of a target is the value one day earlier (or, for a gap,
 * the last value up to the origin), and the q quantile is {@code point * (1 + spread * z)} with z the normal
 * quantile, so quantiles grow with the load. Reads nothing after the origin.
 */
final class SeasonalNaiveTrainer implements Trainer {

    private final double spread;
    private final double confidence;

    SeasonalNaiveTrainer(double spread, double confidence) {
        this.spread = spread;
        this.confidence = confidence;
    }

    @Override
    public ForecastModel train(TimeSeries history, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1");
        }
        int perDay = (int) (86_400 / history.stepSeconds());
        return new ForecastModel() {
            @Override
            public Forecast forecast(TimeSeries series, Instant origin, int h) {
                int o = series.indexOf(origin);
                double[] point = new double[h];
                StepDistribution[] dist = new StepDistribution[h];
                double[] conf = new double[h];
                double last = series.value(o);
                for (int s = 1; s <= h; s++) {
                    int dayBefore = o + s - perDay;
                    double p = dayBefore >= 0 && dayBefore <= o && !Double.isNaN(series.value(dayBefore))
                            ? series.value(dayBefore) : last;
                    point[s - 1] = p;
                    dist[s - 1] = q -> Math.max(0, p * (1 + spread * normalQuantile(q)));
                    conf[s - 1] = confidence;
                }
                return Forecast.of(origin, series.step(), point, dist, conf, ForecastMethod.SEASONAL_NAIVE, "");
            }

            @Override
            public int horizon() {
                return horizon;
            }
        };
    }

    /** Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9). */
    static double normalQuantile(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
