package io.neuronetes.service.models;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.forest.ForestModel;
import java.time.Instant;
import java.util.Objects;

/**
 * The model a pool forecasts with, and what its backtest measured.
 *
 * @param metric      the metric it forecasts
 * @param version     its version in the model store
 * @param model       the fitted model
 * @param method      how it forecasts ({@code FOREST}, {@code SEASONAL_NAIVE})
 * @param trainedAt   when it was trained
 * @param relativeMae backtest MAE relative to seasonal-naive-week, NaN when not backtested
 * @param coverage80  backtest coverage of the 80% interval, NaN when not backtested
 * @param confidence  backtest confidence per horizon step (the forecast's step confidences come from it)
 */
public record ServingModel(String metric, String version, ForecastModel model, String method, Instant trainedAt,
        double relativeMae, double coverage80, double[] confidence) {

    public ServingModel {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(trainedAt, "trainedAt");
        confidence = confidence == null ? new double[0] : confidence.clone();
    }

    /**
     * The confidence its forecasts carry, which the pool's {@code minConfidence} gate reads: a forest's, measured
     * over all steps' backtest pairs together; otherwise the lowest step confidence; NaN when none was measured.
     */
    public double overallConfidence() {
        if (model instanceof ForestModel f) {
            return f.confidence();
        }
        return confidence.length == 0 ? Double.NaN : Forecast.lowest(confidence);
    }
}
