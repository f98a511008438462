package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.schedule.ActiveSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the planner remembers between decisions of one pool. Immutable; {@link Planner#plan} returns the next one.
 *
 * @param target          the serving replicas last decided (the "current" count of the HPA rules)
 * @param serving         ready replicas serving traffic
 * @param warm            ready replicas kept warm (not serving)
 * @param starting        replicas still starting, oldest first, each cohort with the time it becomes ready
 * @param recommendations recent recommendations, for the stabilization windows
 * @param events          recent changes of the serving target, for the rate limits
 * @param lastScale       the last change of the serving target, or null
 * @param lastActivation  the last time warm replicas started serving, or null (for the replenish delay)
 * @param headroomSince   since when the SLO headroom has held without interruption, or null
 * @param budgetDay       the calendar day (pool time zone) that {@code spentToday} belongs to, or null
 * @param spentToday      cost accrued on {@code budgetDay}
 * @param lastDecision    the time of the previous decision, or null
 * @param costPerHour     the hourly cost of what the previous decision provisioned
 * @param schedule        the schedule floor found at an earlier decision and how long it holds, or null (cron
 *                        evaluation is slow, and a floor only changes when a cron fires)
 */
public record PoolState(int target, int serving, int warm, List<Cohort> starting, List<Recommendation> recommendations,
        List<ScaleEvent> events, Instant lastScale, Instant lastActivation, Instant headroomSince,
        LocalDate budgetDay, double spentToday, Instant lastDecision, double costPerHour, ScheduleCache schedule) {

    /**
     * The schedule in force from {@code from} until {@code until} (exclusive) for the schedules whose
     * {@code key} it was computed with.
     */
    public record ScheduleCache(int key, Instant from, ActiveSchedule active, Instant until) {

        /** Whether this holds at {@code now} for schedules with {@code key}. */
        public boolean holds(int k, Instant now) {
            return key == k && !now.isBefore(from) && (until == null || now.isBefore(until));
        }
    }

    /** A state without a cached schedule floor. */
    public PoolState(int target, int serving, int warm, List<Cohort> starting, List<Recommendation> recommendations,
            List<ScaleEvent> events, Instant lastScale, Instant lastActivation, Instant headroomSince,
            LocalDate budgetDay, double spentToday, Instant lastDecision, double costPerHour) {
        this(target, serving, warm, starting, recommendations, events, lastScale, lastActivation, headroomSince,
                budgetDay, spentToday, lastDecision, costPerHour, null);
    }

    /** Replicas started together, ready at {@code readyAt}. */
    public record Cohort(Instant readyAt, int count) {
    }

    /** A recommendation made at {@code at}. */
    public record Recommendation(Instant at, int replicas) {
    }

    /** A change of the serving target by {@code change} replicas (negative for a scale-down). */
    public record ScaleEvent(Instant at, int change) {
    }

    public PoolState {
        if (target < 0 || serving < 0 || warm < 0) {
            throw new IllegalArgumentException("replica counts must be >= 0");
        }
        starting = List.copyOf(starting);
        recommendations = List.copyOf(recommendations);
        events = List.copyOf(events);
    }

    /** A pool with {@code serving} ready serving and {@code warm} ready warm replicas and no history. */
    public static PoolState initial(int serving, int warm) {
        return new PoolState(serving, serving, warm, List.of(), List.of(), List.of(), null, null, null, null, 0, null,
                0);
    }

    /** Replicas still starting. */
    public int startingCount() {
        int n = 0;
        for (Cohort c : starting) {
            n += c.count();
        }
        return n;
    }

    /** Every replica that costs: serving, warm and starting. */
    public int provisioned() {
        return serving + warm + startingCount();
    }
}
