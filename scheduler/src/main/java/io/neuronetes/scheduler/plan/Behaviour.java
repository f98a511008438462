package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.Autoscaling;
import java.time.Duration;
import java.time.Instant;

/** The behaviour stages: bounds, rate limits, stabilization and cooldown, applied to the serving target. */
final class Behaviour {

    private Behaviour() {
    }

    /** minReplicas..maxReplicas for the serving target; the warm target fits in what maxReplicas leaves. */
    static void bounds(Draft d, AgentPool spec) {
        int clamped = Math.max(spec.minReplicas(), Math.min(spec.maxReplicas(), d.desired));
        if (clamped != d.desired) {
            d.reason(ReasonCode.BOUNDS, "%d is outside [%d, %d]: %d", d.desired, spec.minReplicas(),
                    spec.maxReplicas(), clamped);
            d.desired = clamped;
        }
        d.warmTarget = Math.max(0, Math.min(d.warmTarget, spec.maxReplicas() - d.desired));
        d.bypassUp = d.bypassUp && d.desired > d.current;
    }

    /**
     * Per-period limits of each direction, counted from the replicas at the period's start; minReplicas and
     * maxReplicas still win. Skipped by an SLO breach response.
     */
    static void rateLimits(Draft d, PoolState s, AgentPool spec, Instant now) {
        if (d.bypassUp) {
            return;
        }
        Autoscaling a = spec.autoscaling();
        if (d.desired > d.current) {
            RateLimit up = RateLimit.of(a.behavior().scaleUp());
            int start = up.periodStart(d.current, s.events(), now, true);
            int max = Math.max(d.current, Math.min(spec.maxReplicas(), up.maxUp(start)));
            if (d.desired > max) {
                d.reason(ReasonCode.SCALE_UP_LIMIT, "from %d at the period's start, at most %d per %ss: %d", start,
                        max - start, up.period().getSeconds(), max);
                d.desired = max;
            }
        } else if (d.desired < d.current) {
            RateLimit down = RateLimit.of(a.behavior().scaleDown());
            int start = down.periodStart(d.current, s.events(), now, false);
            int min = Math.min(d.current, Math.max(spec.minReplicas(), down.minDown(start)));
            if (d.desired < min) {
                d.reason(ReasonCode.SCALE_DOWN_LIMIT, "from %d at the period's start, at least %d per %ss: %d",
                        start, min, down.period().getSeconds(), min);
                d.desired = min;
            }
        }
    }

    /** The HPA's stabilization windows; the value entering this stage is recorded as the recommendation. */
    static void stabilize(Draft d, PoolState s, AgentPool spec, Instant now) {
        d.recommendation = d.desired;
        if (d.bypassUp) {
            return;
        }
        StabilizationWindow w = window(spec);
        int stabilized = w.apply(d.current, d.desired, s.recommendations(), now);
        if (stabilized < d.desired) {
            d.reason(ReasonCode.STABILIZED_UP, "the lowest recommendation of the last %s is %d",
                    Merge.format(w.up()), stabilized);
        } else if (stabilized > d.desired) {
            d.reason(ReasonCode.STABILIZED_DOWN, "the highest recommendation of the last %s is %d",
                    Merge.format(w.down()), stabilized);
        }
        d.desired = stabilized;
    }

    static StabilizationWindow window(AgentPool spec) {
        return new StabilizationWindow(spec.autoscaling().behavior().scaleUp().stabilizationWindow(),
                spec.autoscaling().behavior().scaleDown().stabilizationWindow());
    }

    /** No change within cooldownPeriod of the last one, except an SLO breach response. */
    static void cooldown(Draft d, PoolState s, AgentPool spec, Instant now) {
        Duration cooldown = spec.autoscaling().cooldownPeriod();
        if (d.bypassUp || d.desired == d.current || cooldown.isZero() || s.lastScale() == null) {
            return;
        }
        Instant until = s.lastScale().plus(cooldown);
        if (now.isBefore(until)) {
            d.reason(ReasonCode.COOLDOWN, "last scaled at %s, cooldown %s until %s: keep %d (not %d)", s.lastScale(),
                    Merge.format(cooldown), until, d.current, d.desired);
            d.desired = d.current;
        }
    }
}
