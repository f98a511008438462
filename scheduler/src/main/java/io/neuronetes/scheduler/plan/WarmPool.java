package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.plan.PoolState.Cohort;
import io.neuronetes.scheduler.plan.PoolState.Recommendation;
import io.neuronetes.scheduler.plan.PoolState.ScaleEvent;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.ReplenishStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replica lifecycle (Idle -> Warm -> Serving -> Idle, and Serving -> Warm when the warm pool is short):
 * <ul>
 *   <li>replicas that finished starting serve up to the serving target, the rest join the warm pool;</li>
 *   <li>a higher serving target is served from warm replicas first (WARM_ACTIVATION), then from replicas already
 *       starting, then by starting new ones, which serve after the cold start; this is how replicas predicted to
 *       be needed within the lead time are started now;</li>
 *   <li>a lower target moves surplus serving replicas to a short warm pool and stops the rest; starting replicas
 *       beyond what serving and warm need are stopped, the youngest first;</li>
 *   <li>the warm pool is refilled towards its target {@code replenishStrategy.delay} after the last activation,
 *       at most {@code batchSize} per decision (WARM_REPLENISH).</li>
 * </ul>
 */
final class WarmPool {

    private WarmPool() {
    }

    /** {@code state} with the cohorts ready at {@code now} moved to serving (up to the target) or warm. */
    static PoolState advance(PoolState s, Instant now) {
        if (s.starting().isEmpty() || s.starting().get(0).readyAt().isAfter(now)) {
            return s;
        }
        int serving = s.serving();
        int warm = s.warm();
        List<Cohort> still = new ArrayList<>();
        for (Cohort c : s.starting()) {
            if (c.readyAt().isAfter(now)) {
                still.add(c);
            } else {
                int toServe = Math.max(0, Math.min(c.count(), s.target() - serving));
                serving += toServe;
                warm += c.count() - toServe;
            }
        }
        return new PoolState(s.target(), serving, warm, still, s.recommendations(), s.events(), s.lastScale(),
                s.lastActivation(), s.headroomSince(), s.budgetDay(), s.spentToday(), s.lastDecision(),
                s.costPerHour(), s.schedule());
    }

    static Decision apply(Draft d, PoolState s, AgentPool spec, Instant now) {
        int target = d.desired;
        int serving = s.serving();
        int warm = s.warm();
        Instant lastActivation = s.lastActivation();
        int activate = Math.max(0, Math.min(target - serving, warm));
        if (activate > 0) {
            serving += activate;
            warm -= activate;
            lastActivation = now;
            d.reason(ReasonCode.WARM_ACTIVATION, "%d warm replicas start serving", activate);
        }
        if (serving > target) {
            int toWarm = Math.min(serving - target, Math.max(0, d.warmTarget - warm));
            warm += toWarm;
            serving = target;
        }
        warm = Math.min(warm, Math.max(d.warmTarget, 0));
        List<Cohort> starting = new ArrayList<>(s.starting());
        int forServing = target - serving;
        int inFlight = count(starting);
        int warmShort = Math.max(0, d.warmTarget - warm);
        if (inFlight > forServing + warmShort) {
            stopYoungest(starting, inFlight - forServing - warmShort);
        } else if (inFlight < forServing) {
            starting.add(new Cohort(now.plus(spec.coldStart()), forServing - inFlight));
        }
        int forWarm = Math.max(0, count(starting) - forServing);
        int replenish = replenish(d, spec.autoscaling().replenishStrategy(), lastActivation, now,
                d.warmTarget - warm - forWarm);
        if (replenish > 0) {
            starting.add(new Cohort(now.plus(spec.coldStart()), replenish));
        }
        if (spec.coldStart().isZero()) {
            // without a cold start, what was started is ready at once
            PoolState ready = advance(new PoolState(target, serving, warm, starting, List.of(), List.of(), null,
                    null, null, null, 0, null, 0), now);
            return build(d, s, spec, now, ready.serving(), ready.warm(), new ArrayList<>(ready.starting()),
                    lastActivation);
        }
        return build(d, s, spec, now, serving, warm, starting, lastActivation);
    }

    private static int replenish(Draft d, ReplenishStrategy r, Instant lastActivation, Instant now, int short_) {
        if (short_ <= 0) {
            return 0;
        }
        if (lastActivation != null && now.isBefore(lastActivation.plus(r.delay()))) {
            return 0;
        }
        int n = Math.min(short_, r.batchSize());
        d.reason(ReasonCode.WARM_REPLENISH, "start %d of %d missing warm replicas", n, short_);
        return n;
    }

    private static Decision build(Draft d, PoolState s, AgentPool spec, Instant now, int serving, int warm,
            List<Cohort> starting, Instant lastActivation) {
        int startingCount = count(starting);
        int provisioned = serving + warm + startingCount;
        int spot = CostGuard.spotReplicas(provisioned, d.spot, spec);
        double cost = CostGuard.costPerHour(provisioned, d.spot, spec);
        if (spot > 0) {
            d.reason(ReasonCode.SPOT_SPLIT, "%d of %d replicas on spot (maxSpotPercent %s)", spot, provisioned,
                    Draft.num(spec.autoscaling().spotStrategy().maxSpotPercent()));
        }
        List<ScaleEvent> events = pruneEvents(s.events(), spec, now);
        Instant lastScale = s.lastScale();
        if (d.desired != d.current) {
            events.add(new ScaleEvent(now, d.desired - d.current));
            lastScale = now;
        }
        List<Recommendation> recs = Behaviour.window(spec).record(s.recommendations(),
                new Recommendation(now, d.recommendation));
        PoolState next = new PoolState(d.desired, serving, warm, starting, recs, events, lastScale, lastActivation,
                d.headroomSince, d.budgetDay, d.spentToday, now, cost, d.schedule);
        return new Decision(now, d.current, d.desired, serving, warm, startingCount, provisioned - spot, spot, cost,
                d.inputs, d.reasons, d.actions, next);
    }

    private static List<ScaleEvent> pruneEvents(List<ScaleEvent> events, AgentPool spec, Instant now) {
        int period = Math.max(spec.autoscaling().behavior().scaleUp().periodSeconds(),
                spec.autoscaling().behavior().scaleDown().periodSeconds());
        Instant cutoff = now.minusSeconds(period);
        List<ScaleEvent> out = new ArrayList<>(events.size() + 1);
        for (ScaleEvent e : events) {
            if (e.at().isAfter(cutoff)) {
                out.add(e);
            }
        }
        return out;
    }

    private static void stopYoungest(List<Cohort> starting, int n) {
        for (int i = starting.size() - 1; i >= 0 && n > 0; i--) {
            Cohort c = starting.get(i);
            int stop = Math.min(n, c.count());
            n -= stop;
            if (stop == c.count()) {
                starting.remove(i);
            } else {
                starting.set(i, new Cohort(c.readyAt(), c.count() - stop));
            }
        }
    }

    private static int count(List<Cohort> cohorts) {
        int n = 0;
        for (Cohort c : cohorts) {
            n += c.count();
        }
        return n;
    }
}
