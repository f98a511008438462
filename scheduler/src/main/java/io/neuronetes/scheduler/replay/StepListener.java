package io.neuronetes.scheduler.replay;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.scheduler.plan.Decision;

/**
 * Told of every decision a replay makes, in order, as it makes it: for a log that explains the replay step by step.
 * The replay's figures do not depend on it.
 */
@FunctionalInterface
public interface StepListener {

    /** Hears nothing. */
    StepListener NONE = (k, demand, forecast, decision) -> {
    };

    /**
     * @param k        the evaluated step, from 0 (its time is {@code decision.at()})
     * @param demand   the step's demand (NaN for a gap), which the decision did not see
     * @param forecast the forecast the planner was given (made at the origin one step before), or null when there
     *                 was none (prediction off, or the forecast failed)
     * @param decision the planner's decision at the step's start
     */
    void step(int k, double demand, Forecast forecast, Decision decision);
}
