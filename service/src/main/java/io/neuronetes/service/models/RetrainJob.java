package io.neuronetes.service.models;

import io.neuronetes.service.pools.PoolEntry;
import jakarta.enterprise.context.ApplicationScoped;

/** One pool's retrain: history, training, backtest, comparison, store, serve. Until the forecasting library provides its trainer and model store, every pool runs without a model. */
@ApplicationScoped
public class RetrainJob {

    /** Loads the newest valid stored model of the pool into service; false when there is none. */
    public boolean loadServing(PoolEntry entry) {
        return false;
    }

    /** Retrains the pool. */
    public RetrainOutcome retrain(PoolEntry entry) {
        return RetrainOutcome.failed(java.time.Instant.now(), java.time.Duration.ZERO, "training is not available yet in this build: pools run on reactive signals and schedules");
    }
}
