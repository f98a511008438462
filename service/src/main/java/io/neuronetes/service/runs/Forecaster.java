package io.neuronetes.service.runs;

import io.neuronetes.service.pools.PoolEntry;
import java.time.Instant;

/**
 * Forecasts a pool's load for a run with its serving model. Implemented by the service's model holder; the seam
 * lets run tests use canned forecasts.
 *
 * <p>Contract: never throws; a missing model, unreadable history or a failing model is a {@link ForecastResult}
 * without a forecast whose note says why. Thread-safe.
 */
@FunctionalInterface
public interface Forecaster {

    /** The forecast of {@code entry}'s load metric made at {@code now}. */
    ForecastResult forecast(PoolEntry entry, Instant now);
}
