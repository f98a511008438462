package io.neuronetes.scheduler.plan;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one planning step.
 *
 * @param at          decision time
 * @param current     the serving target before this decision
 * @param desired     the serving target decided (serving now plus starting for serving)
 * @param serving     ready replicas serving after this decision (warm activations included)
 * @param warm        ready warm replicas after this decision
 * @param starting    replicas starting after this decision (for serving or for the warm pool)
 * @param onDemand    provisioned replicas on on-demand instances
 * @param spot        provisioned replicas on spot instances
 * @param costPerHour hourly cost of what is provisioned, 0 when no price is configured
 * @param inputs      the merge inputs (reactive, predicted, schedule)
 * @param reasons     the reasons, in stage order
 * @param actions     actions for the service to carry out
 * @param state       the state for the next decision
 */
public record Decision(Instant at, int current, int desired, int serving, int warm, int starting, int onDemand,
        int spot, double costPerHour, PlanInputs inputs, List<Reason> reasons, List<Action> actions,
        PoolState state) {

    public Decision {
        reasons = List.copyOf(reasons);
        actions = List.copyOf(actions);
    }

    /** Every replica that costs: serving, warm and starting. This is what the bench's candidate CSV counts. */
    public int provisioned() {
        return serving + warm + starting;
    }

    /** Whether a reason with {@code code} was given. */
    public boolean has(ReasonCode code) {
        for (Reason r : reasons) {
            if (r.code() == code) {
                return true;
            }
        }
        return false;
    }

    /** The codes of the reasons, in order. */
    public List<ReasonCode> codes() {
        return reasons.stream().map(Reason::code).toList();
    }
}
