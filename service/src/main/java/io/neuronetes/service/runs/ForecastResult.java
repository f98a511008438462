package io.neuronetes.service.runs;

import io.neuronetes.forecast.Forecast;
import java.util.Objects;

/**
 * A pool's forecast for one run, or why there is none.
 *
 * @param forecast     the forecast, or null
 * @param metric       the forecast metric (the pool's first additive metric), or empty when it has none
 * @param modelVersion the serving model's version, or empty
 * @param note         why there is no forecast, or what limits it (stale history, seasonal-naive fallback)
 * @param degraded     whether something that should have worked did not (history unreadable, model failed), as
 *                     opposed to a pool that simply does not forecast
 */
public record ForecastResult(Forecast forecast, String metric, String modelVersion, String note, boolean degraded) {

    public ForecastResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(note, "note");
    }

    /** No forecast, and nothing wrong: the pool has no metric to forecast. */
    public static ForecastResult none(String note) {
        return none("", note);
    }

    /** No forecast of {@code metric}, and nothing wrong: prediction is off, or no model is trained yet. */
    public static ForecastResult none(String metric, String note) {
        return new ForecastResult(null, metric, "", note, false);
    }

    /** No forecast because something failed. */
    public static ForecastResult failed(String metric, String modelVersion, String note) {
        return new ForecastResult(null, metric, modelVersion, note, true);
    }
}
