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
        clamp(d, spec, "");
        d.fitBreach();
    }

    /**
     * The bounds again after the rate limits, stabilization and cooldown: those start from the current count, which
     * can lie outside the bounds (a pool whose bounds changed, or one that starts below minReplicas), and the bounds
     * win over them, as in the HPA.
     */
    static void boundsWin(Draft d, AgentPool spec) {
        clamp(d, spec, " after the limits");
    }

    private static void clamp(Draft d, AgentPool spec, String when) {
        int clamped = Math.max(spec.minReplicas(), Math.min(spec.maxReplicas(), d.desired));
        if (clamped != d.desired) {
            d.reason(ReasonCode.BOUNDS, "%d is outside [%d, %d]%s: %d", d.desired, spec.minReplicas(),
                    spec.maxReplicas(), when, clamped);
            d.desired = clamped;
        }
        d.warmTarget = Math.max(0, Math.min(d.warmTarget, spec.maxReplicas() - d.desired));
    }

    /**
     * Per-period limits of each direction, counted from the replicas at the period's start (minReplicas and
     * maxReplicas win over them: {@link #boundsWin}). An SLO breach response's replicas go past them.
     */
    static void rateLimits(Draft d, PoolState s, AgentPool spec, Instant now) {
        Autoscaling a = spec.autoscaling();
        if (d.desired > d.current) {
            RateLimit up = RateLimit.of(a.behavior().scaleUp());
            int start = up.periodStart(d.current, s.events(), now, true);
            int max = Math.max(d.current, Math.min(spec.maxReplicas(), up.maxUp(start)));
            int allowed = Math.max(max, d.breachUp);
            if (d.desired > allowed) {
                d.reason(ReasonCode.SCALE_UP_LIMIT, "from %d at the period's start, at most %d per %ss: %d%s", start,
                        max - start, up.period().getSeconds(), max,
                        allowed > max ? "; the SLO breach response goes past it to " + allowed : "");
                d.desired = allowed;
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
        StabilizationWindow w = window(spec);
        int stabilized = Math.max(w.apply(d.current, d.desired, s.recommendations(), now), d.breachUp);
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

    /** No change within cooldownPeriod of the last one, except an SLO breach response's replicas. */
    static void cooldown(Draft d, PoolState s, AgentPool spec, Instant now) {
        Duration cooldown = spec.autoscaling().cooldownPeriod();
        int keep = d.pastLimits();
        if (d.desired == keep || cooldown.isZero() || s.lastScale() == null) {
            return;
        }
        Instant until = s.lastScale().plus(cooldown);
        if (now.isBefore(until)) {
            d.reason(ReasonCode.COOLDOWN, "last scaled at %s, cooldown %s until %s: %s %d (not %d)", s.lastScale(),
                    Merge.format(cooldown), until, keep > d.current ? "the SLO breach response's" : "keep", keep,
                    d.desired);
            d.desired = keep;
        }
    }
}
