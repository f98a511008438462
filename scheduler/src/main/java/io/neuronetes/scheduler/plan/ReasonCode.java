package io.neuronetes.scheduler.plan;

/** Why a decision is what it is: which input won and which limit applied. Also a metric label. */
public enum ReasonCode {
    /** The live metrics asked for the most replicas. */
    REACTIVE,
    /** The forecast over the lead time asked for the most replicas. */
    PREDICTED,
    /** The most recently fired schedule's floor was the largest. */
    SCHEDULE_FLOOR,
    /** No live metric, usable forecast or schedule: the replicas stay as they are. */
    NO_SIGNAL,
    /** A live metric had no usable value and was left out. */
    METRIC_MISSING,
    /** The forecast's confidence was below minConfidence; the prediction was ignored. */
    LOW_CONFIDENCE,
    /** Predictive scaling is enabled but no forecast was available (or it ended before now). */
    NO_FORECAST,
    /** SLO headroom was added on top of the merged replicas. */
    SLO_HEADROOM,
    /** A measured SLO metric missed its target; replicas were added at once. */
    SLO_BREACH,
    /** A scale-down was held because the SLO headroom had not been held for checkDuration. */
    SLO_SCALE_DOWN_HOLD,
    /** The hourly cost cap limited the replicas. */
    BUDGET_CAP,
    /** The daily budget is spent; onBudgetExceeded actions were emitted. */
    BUDGET_EXCEEDED,
    /** minReplicas or maxReplicas applied. */
    BOUNDS,
    /** The scale-up rate limit applied. */
    SCALE_UP_LIMIT,
    /** The scale-down rate limit applied. */
    SCALE_DOWN_LIMIT,
    /** A lower recent recommendation held the scale-up back. */
    STABILIZED_UP,
    /** A higher recent recommendation held the scale-down back. */
    STABILIZED_DOWN,
    /** The last scaling operation was too recent. */
    COOLDOWN,
    /** Warm replicas started serving. */
    WARM_ACTIVATION,
    /** Replicas were started to refill the warm pool. */
    WARM_REPLENISH,
    /** Part of the pool runs on spot instances. */
    SPOT_SPLIT
}
