package io.neuronetes.forecast.store;

import io.neuronetes.forecast.ForecastModel;
import java.util.List;
import java.util.Optional;

/**
 * Where trained models are kept: one series of versions per pool and metric, each version a model plus its
 * {@link ModelMetadata} (provenance and backtest scores).
 *
 * <p>Contract: {@link #save} is atomic (a version is visible only when complete; a crash mid-write leaves no
 * partial version behind) and keeps only the newest versions up to the store's limit. {@link #loadLatest} returns
 * the newest version that reads back completely and intact; a corrupt, truncated or unreadable version is skipped
 * with a logged reason and never throws. Pool and metric names are limited to letters, digits, '.', '_' and '-'.
 */
public interface ModelStore {

    /**
     * Saves a new version of the model of {@code pool} and {@code metric}.
     *
     * @return the version saved
     * @throws IllegalArgumentException for an invalid pool or metric name
     * @throws java.io.UncheckedIOException when the version cannot be written (nothing is left behind); its message
     *         names the pool, the metric, the folder and the reason ({@code No space left on device})
     */
    StoredModel save(String pool, String metric, ForecastModel model, ModelMetadata metadata);

    /** The newest valid version of {@code pool} and {@code metric}, or empty when there is none. */
    Optional<StoredModel> loadLatest(String pool, String metric);

    /** The version names of {@code pool} and {@code metric}, newest first (valid or not). */
    List<String> versions(String pool, String metric);

    /** A model read back from the store. */
    record StoredModel(String version, ForecastModel model, ModelMetadata metadata) {
    }
}
