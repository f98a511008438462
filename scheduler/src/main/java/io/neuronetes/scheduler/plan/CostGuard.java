package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.BudgetAction;
import io.neuronetes.scheduler.spec.CostConstraints;
import io.neuronetes.scheduler.spec.DynamicModelSelection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The cost stage.
 * <ol>
 *   <li>Spend: the previous decision's hourly cost, times the hours since it, accrues to the calendar day (pool
 *       time zone) of this decision; a new day starts from zero.</li>
 *   <li>Daily budget: once spent, {@code BUDGET_EXCEEDED} and one action per {@code onBudgetExceeded} entry;
 *       {@code scale-to-min} holds the serving target at minReplicas and empties the warm pool,
 *       {@code enable-spot} turns on the spot split. dynamicModelSelection emits SWITCH_TO_SMALLER_MODEL once
 *       {@code costThreshold} of the budget is spent.</li>
 *   <li>Spot split: with spotStrategy.enabled, preferSpot or enable-spot, {@code floor(maxSpotPercent%)} of the
 *       provisioned replicas run on spot, charged at spotMaxPrice (or the on-demand price without one).</li>
 *   <li>Cap: the provisioned replicas (serving target plus warm target) are cut until their hourly cost is at
 *       most maxCostPerHour, the warm pool first.</li>
 * </ol>
 */
final class CostGuard {

    private CostGuard() {
    }

    static void apply(Draft d, PoolState s, AgentPool spec, Instant now) {
        CostConstraints c = spec.autoscaling().costConstraints();
        spend(d, s, spec, now);
        budget(d, c, spec);
        cap(d, c, spec, "", 0);
    }

    /** For a held target (a manual override): the day's spend and the spot split, no budget actions, no cap. */
    static void spend(Draft d, PoolState s, AgentPool spec, Instant now) {
        accrue(d, s, spec, now);
        d.spot = spec.autoscaling().spotStrategy().enabled()
                || spec.autoscaling().costConstraints().optimization().preferSpot();
    }

    private static void accrue(Draft d, PoolState s, AgentPool spec, Instant now) {
        LocalDate today = now.atZone(spec.timeZone()).toLocalDate();
        double spent = today.equals(s.budgetDay()) ? s.spentToday() : 0;
        if (s.lastDecision() != null && now.isAfter(s.lastDecision())) {
            Instant from = s.lastDecision();
            Instant midnight = today.atStartOfDay(spec.timeZone()).toInstant();
            if (from.isBefore(midnight)) {
                from = midnight;
            }
            spent += s.costPerHour() * Duration.between(from, now).toNanos() / 3.6e12;
        }
        d.budgetDay = today;
        d.spentToday = spent;
    }

    private static void budget(Draft d, CostConstraints c, AgentPool spec) {
        Double budget = c.dailyBudget();
        if (budget == null) {
            return;
        }
        DynamicModelSelection dms = c.optimization().dynamicModelSelection();
        if (dms.enabled() && d.spentToday >= dms.costThreshold() * budget) {
            d.action(ActionType.SWITCH_TO_SMALLER_MODEL, "spent %s of %s today (>= %s%%)", Draft.num(d.spentToday),
                    Draft.num(budget), Draft.num(dms.costThreshold() * 100));
        }
        if (d.spentToday < budget) {
            return;
        }
        d.reason(ReasonCode.BUDGET_EXCEEDED, "spent %s of the daily budget %s", Draft.num(d.spentToday),
                Draft.num(budget));
        for (BudgetAction a : c.onBudgetExceeded()) {
            switch (a) {
                case SCALE_TO_MIN -> {
                    d.desired = spec.minReplicas();
                    d.warmTarget = 0;
                    d.breachUp = -1;
                    d.action(ActionType.SCALE_TO_MIN, "hold %d replicas until the day ends", spec.minReplicas());
                }
                case USE_FALLBACK_MODEL -> d.action(ActionType.USE_FALLBACK_MODEL, "daily budget spent");
                case ENABLE_SPOT -> {
                    d.spot = true;
                    d.action(ActionType.ENABLE_SPOT, "up to %s%% on spot",
                            Draft.num(spec.autoscaling().spotStrategy().maxSpotPercent()));
                }
                default -> throw new IllegalStateException(a.toString());
            }
        }
    }

    /**
     * The cap again after the rate limits, stabilization, cooldown and bounds: those start from the current count
     * and can keep more than the cap allowed (a scale-down held by its limit or its window), and the cap wins over
     * them as the bounds do, cutting the warm pool first; minReplicas still wins over the cap.
     */
    static void capWins(Draft d, AgentPool spec) {
        cap(d, spec.autoscaling().costConstraints(), spec, " after the limits", spec.minReplicas());
    }

    /** Cuts the warm target, then the serving target (not below {@code floor}), until the hourly cost fits. */
    private static void cap(Draft d, CostConstraints c, AgentPool spec, String when, int floor) {
        Double cap = c.maxCostPerHour();
        if (cap == null || c.costPerReplicaHour() <= 0) {
            return;
        }
        int total = d.desired + d.warmTarget;
        if (costPerHour(total, d.spot, spec) <= cap) {
            return;
        }
        int affordable = total;
        while (affordable > 0 && costPerHour(affordable, d.spot, spec) > cap) {
            affordable--;
        }
        int serving = d.desired;
        int warm = d.warmTarget;
        d.warmTarget = Math.max(0, Math.min(d.warmTarget, affordable - d.desired));
        d.desired = Math.min(d.desired, Math.max(floor, affordable));
        d.fitBreach();
        d.reason(ReasonCode.BUDGET_CAP, "%d replicas cost more than maxCostPerHour %s%s: %d serving (was %d), %d warm "
                + "(was %d)", total, Draft.num(cap), when, d.desired, serving, d.warmTarget, warm);
    }

    /** Spot replicas among {@code provisioned}. */
    static int spotReplicas(int provisioned, boolean spot, AgentPool spec) {
        if (!spot) {
            return 0;
        }
        return (int) Math.floor(provisioned * spec.autoscaling().spotStrategy().maxSpotPercent() / 100.0 + 1e-9);
    }

    /** The hourly cost of {@code provisioned} replicas with the spot split. */
    static double costPerHour(int provisioned, boolean spot, AgentPool spec) {
        CostConstraints c = spec.autoscaling().costConstraints();
        int onSpot = spotReplicas(provisioned, spot, spec);
        Double spotPrice = c.optimization().spotMaxPrice();
        double ps = spotPrice == null ? c.costPerReplicaHour() : spotPrice;
        return (provisioned - onSpot) * c.costPerReplicaHour() + onSpot * ps;
    }
}
