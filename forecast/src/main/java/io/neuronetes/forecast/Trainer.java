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

    /**
     * Trains on the part of {@code history} from {@code fitFrom} on: origins and targets of the training pairs lie
     * at or after {@code fitFrom}, while lag features may read the earlier rows (a week lag needs a week before
     * the fit window). The default drops the earlier rows and trains on the rest.
     *
     * @throws IllegalArgumentException for a horizon &lt; 1, or a {@code fitFrom} off the grid
     */
    default ForecastModel train(TimeSeries history, java.time.Instant fitFrom, int horizon) {
        int from = Math.max(0, history.indexOf(fitFrom));
        return train(history.slice(from, history.size()), horizon);
    }
}
