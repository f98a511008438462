package io.neuronetes.scheduler.plan;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.scheduler.spec.AgentPool;
import java.time.Instant;
import java.util.Objects;

/**
 * The scaling planner: a pure function from (state, signals, forecast, spec, now) to a decision that carries the
 * next state. No clock, no I/O; the same inputs give the same decision. Thread-safe.
 *
 * <p>Stages, in order (each adds its reasons to the decision):
 * <ol>
 *   <li><b>advance</b>: replicas whose cold start ended become ready (serving up to the target, else warm);</li>
 *   <li><b>merge</b>: reactive replicas from the live metrics (per metric type, combined by strategy, plus queue
 *       lag); predicted replicas from the forecast quantile at the pool's availability level
 *       ({@code availabilityPercent / 100}) divided by one replica's capacity (the target of the first additive
 *       metric): the need from now + cold start on is ordered, the larger need of the steps from now on only keeps
 *       replicas already ordered and activates warm ones (no cold start for a step it cannot reach); used only
 *       when predictive is enabled
 *       and confidence &gt;= minConfidence (else LOW_CONFIDENCE); the schedule floor of the most recently fired
 *       cron; desired = the largest of the three (REACTIVE, PREDICTED or SCHEDULE_FLOOR);</li>
 *   <li><b>SLO</b>: headroom on the load part, breach response (an immediate scale-up of at most maxScaleUp that
 *       skips rate limits, stabilization and cooldown), scale-down safety ({@link SloGuard});</li>
 *   <li><b>cost</b>: spend so far today, daily budget actions, spot split, maxCostPerHour cap
 *       ({@link CostGuard});</li>
 *   <li><b>bounds</b>: minReplicas..maxReplicas (BOUNDS); the warm target fits under maxReplicas;</li>
 *   <li><b>rate limits</b>: scale-up and scale-down limits per period, percent and absolute
 *       (SCALE_UP_LIMIT, SCALE_DOWN_LIMIT; {@link RateLimit});</li>
 *   <li><b>stabilization</b>: scale-up to the lowest, scale-down to the highest recommendation of its window
 *       (STABILIZED_UP, STABILIZED_DOWN; {@link StabilizationWindow});</li>
 *   <li><b>cooldown</b>: no change within cooldownPeriod of the last (COOLDOWN);</li>
 *   <li><b>bounds again</b>: minReplicas..maxReplicas win over the limits, stabilization and cooldown, which
 *       start from the current count (BOUNDS);</li>
 *   <li><b>cost cap again</b>: maxCostPerHour wins over them too, the warm pool cut first; minReplicas wins over
 *       the cap (BUDGET_CAP);</li>
 *   <li><b>warm pool</b>: activations from warm first, cold starts for the rest, replenishment after the delay in
 *       batches ({@link WarmPool}).</li>
 * </ol>
 */
public final class Planner {

    private Planner() {
    }

    /**
     * Plans one step.
     *
     * @param state    the state returned by the previous decision ({@link PoolState#initial} at first)
     * @param signals  live values
     * @param forecast the pool's latest forecast of its first additive metric, or null
     * @param spec     a validated pool, its SLO resolved
     * @param now      the decision time, not before the previous decision's
     * @return the decision and, in it, the next state
     */
    public static Decision plan(PoolState state, Signals signals, Forecast forecast, AgentPool spec, Instant now) {
        PoolState s = advance(state, signals, spec, now);
        Draft d = merge(s, signals, forecast, spec, now);
        SloGuard.apply(d, s, signals, spec, now);
        CostGuard.apply(d, s, spec, now);
        Behaviour.bounds(d, spec);
        Behaviour.rateLimits(d, s, spec, now);
        Behaviour.stabilize(d, s, spec, now);
        Behaviour.cooldown(d, s, spec, now);
        Behaviour.boundsWin(d, spec);
        CostGuard.capWins(d, spec);
        return WarmPool.apply(d, s, spec, now);
    }

    /**
     * Plans one step whose serving target is held at {@code replicas} (a manual override), clamped to the bounds.
     * The merge stage still runs, so that the decision shows what the pool would have wanted; the spend of the day
     * accrues; the warm pool serves the target as in {@link #plan} (warm replicas first, then those starting, then
     * cold starts), so the next state counts what is really ready. The SLO and cost guards, rate limits,
     * stabilization and cooldown do not apply; the held target is recorded as a recommendation and a change, so
     * that they go on from it once the hold ends.
     */
    public static Decision hold(PoolState state, Signals signals, Forecast forecast, AgentPool spec, Instant now,
            int replicas) {
        PoolState s = advance(state, signals, spec, now);
        Draft d = merge(s, signals, forecast, spec, now);
        d.desired = replicas;
        CostGuard.spend(d, s, spec, now);
        Behaviour.bounds(d, spec);
        d.recommendation = d.desired;
        return WarmPool.apply(d, s, spec, now);
    }

    /** The advance stage, after checking the inputs every step needs. */
    private static PoolState advance(PoolState state, Signals signals, AgentPool spec, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(now, "now");
        return WarmPool.advance(state, now);
    }

    /** A draft from the advanced state, through the merge stage. */
    private static Draft merge(PoolState s, Signals signals, Forecast forecast, AgentPool spec, Instant now) {
        Draft d = new Draft(s.target());
        d.warmTarget = spec.warmTarget();
        Merge.apply(d, s, signals, forecast, spec, now);
        return d;
    }
}
