package io.neuronetes.forecast;

/** How a forecast was made. */
public enum ForecastMethod {
    /** A trained random forest with calibrated intervals. */
    FOREST,
    /** The value one week (or, lacking that, one day) before each target: too little history to train. */
    SEASONAL_NAIVE
}
