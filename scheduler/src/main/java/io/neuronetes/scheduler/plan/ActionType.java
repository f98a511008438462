package io.neuronetes.scheduler.plan;

/** Actions a decision asks the service to carry out besides setting replica counts. */
public enum ActionType {
    /** onBudgetExceeded scale-to-min: the pool was held at minReplicas. */
    SCALE_TO_MIN,
    /** onBudgetExceeded use-fallback-model: serve with the class's fallback model. */
    USE_FALLBACK_MODEL,
    /** onBudgetExceeded enable-spot: move replicas to spot instances. */
    ENABLE_SPOT,
    /** dynamicModelSelection: costThreshold of the daily budget is spent; use the smaller model. */
    SWITCH_TO_SMALLER_MODEL
}
