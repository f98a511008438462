package io.neuronetes.forecast;

/**
 * Produces an immutable {@link ForecastModel} from history. The same history and settings give the same model.
 */
public interface Trainer {

    /**
     * Trains on {@code history} (all its values are training data; lag features may read its earliest rows).
     *
     * @param horizon the largest step the model must forecast, &gt;= 1
     * @throws IllegalArgumentException for a horizon &lt; 1
     */
    ForecastModel train(TimeSeries history, int horizon);
}
