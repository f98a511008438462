package io.neuronetes.forecast.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The provenance of a stored model, written as JSON beside it.
 *
 * @param pool the pool the model forecasts
 * @param metric the metric it forecasts
 * @param method FOREST or SEASONAL_NAIVE
 * @param note what the model says about itself (for a fallback: why)
 * @param trainedAt when it was trained (the caller's clock)
 * @param dataFrom the first time of the fit window
 * @param dataTo the end (exclusive) of the training data
 * @param stepSeconds the grid step of the data
 * @param horizon the largest step it forecasts
 * @param seed the seed of the training
 * @param settings the trainer settings, by name
 * @param featureSpec the feature specification, as text
 * @param featureSpecHash the hash of the feature specification
 * @param libraries library versions (Smile, Java)
 * @param backtest backtest figures (overall and per step), empty when none was run
 */
public record ModelMetadata(String pool, String metric, String method, String note, Instant trainedAt,
        Instant dataFrom, Instant dataTo, long stepSeconds, int horizon, long seed, Map<String, Object> settings,
        String featureSpec, String featureSpecHash, Map<String, String> libraries, Map<String, Object> backtest) {

    public ModelMetadata {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(trainedAt, "trainedAt");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        libraries = libraries == null ? Map.of() : Map.copyOf(libraries);
        backtest = backtest == null ? Map.of() : Map.copyOf(backtest);
    }

    /**
     * The versions of the libraries a model depends on, for {@link #libraries}: {@code smile} (recorded at build
     * time in {@code versions.properties}, "unknown" when absent) and {@code java}.
     */
    public static Map<String, String> libraryVersions() {
        String smile = "unknown";
        try (java.io.InputStream in = ModelMetadata.class.getResourceAsStream(
                "/io/neuronetes/forecast/versions.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                smile = p.getProperty("smile", smile);
            }
        } catch (java.io.IOException e) {
            // the versions are informational: keep "unknown"
        }
        return Map.of("smile", smile, "java", System.getProperty("java.version"));
    }
}
