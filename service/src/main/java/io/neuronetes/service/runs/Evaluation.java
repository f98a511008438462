package io.neuronetes.service.runs;

import io.neuronetes.scheduler.plan.Decision;
import io.neuronetes.scheduler.plan.PoolState;
import java.util.List;

/**
 * Everything one evaluation of a pool produced, before anything is applied: the readings, the forecast, the
 * planner's decision, and what the service makes of it (a fallback hold or an override).
 *
 * @param readings   the live signals and the ones that could not be read
 * @param forecast   the forecast, or why there is none
 * @param decision   the planner's decision
 * @param desired    the serving target to apply (the planner's unless held or overridden)
 * @param warm       warm replicas to keep beside it (ready warm plus starting for warm)
 * @param extra      the service's reasons added after the planner's (FALLBACK_HOLD, OVERRIDE)
 * @param fallback   why the size was held, or null
 * @param override   the override in force, or null
 * @param next       the planner state to keep if this evaluation is applied
 * @param leadSteps  the pool's cold start in forecast steps (at least 1): where the forecast matters most
 */
public record Evaluation(SignalReader.Readings readings, ForecastResult forecast, Decision decision, int desired,
        int warm, List<DecisionRecord.ReasonView> extra, String fallback, ManualOverride override, PoolState next,
        int leadSteps) {
}
