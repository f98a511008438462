package io.neuronetes.forecast;

import java.time.Instant;

/**
 * A fitted, immutable forecasting model.
 *
 * <p>Contract: {@link #forecast} reads only values of {@code series} at grid times {@code <= origin} (no look-ahead),
 * fills gaps in its inputs causally, and does not mutate its input.
 */
public interface ForecastModel {

    /**
     * Forecasts steps {@code 1..horizon} after {@code origin}.
     *
     * @param series values up to and including {@code origin}; later values, if any, are ignored
     * @param origin a grid time of {@code series}
     * @throws IllegalArgumentException for a horizon &lt; 1 or above the model's trained horizon, or an origin off the grid
     */
    Forecast forecast(TimeSeries series, Instant origin, int horizon);

    /** The horizon the model was trained for. */
    int horizon();
}
