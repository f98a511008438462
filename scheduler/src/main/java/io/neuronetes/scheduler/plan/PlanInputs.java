package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.metrics.Reactive;
import io.neuronetes.scheduler.schedule.ActiveSchedule;

/**
 * The three inputs of the merge, for the preview and the decision log.
 *
 * @param reactive       the reactive view (its replicas -1 when no metric had a value)
 * @param predicted      replicas the gated forecast asks for, -1 when not used
 * @param predictedLoad  the forecast quantile {@code predicted} comes from (the late steps' when it orders only what
 *                       replicas started now can serve, else the whole lead window's), NaN if none
 * @param quantileLevel  the quantile level used (from availabilityPercent)
 * @param confidence     the forecast's confidence, NaN without a forecast
 * @param schedule       the schedule in force, or null
 */
public record PlanInputs(Reactive reactive, int predicted, double predictedLoad, double quantileLevel,
        double confidence, ActiveSchedule schedule) {

    /** The schedule floor, -1 without a schedule. */
    public int scheduleFloor() {
        return schedule == null ? -1 : schedule.replicas();
    }
}
