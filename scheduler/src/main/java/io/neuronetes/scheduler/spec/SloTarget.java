package io.neuronetes.scheduler.spec;

/**
 * {@code autoscaling.sloTarget}: scale to meet the SLO of the pool's AgentClass.
 *
 * @param enabled         default false
 * @param headroomPercent capacity provisioned above the load, in percent (default 0)
 * @param breachResponse  what to do when a measured SLO metric misses its target
 * @param scaleDownSafety when scaling down is allowed
 */
public record SloTarget(boolean enabled, double headroomPercent, BreachResponse breachResponse,
        ScaleDownSafety scaleDownSafety) {

    public static SloTarget defaults() {
        return new SloTarget(false, 0, BreachResponse.defaults(), ScaleDownSafety.defaults());
    }
}
