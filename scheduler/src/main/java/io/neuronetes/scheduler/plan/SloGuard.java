package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricType;
import io.neuronetes.scheduler.spec.Slo;
import io.neuronetes.scheduler.spec.SloTarget;
import java.time.Duration;
import java.time.Instant;

/**
 * The SLO stage (only with {@code sloTarget.enabled}):
 * <ol>
 *   <li>headroom: the load part (max of reactive and predicted) is multiplied by {@code 1 + headroomPercent/100}
 *       and rounded up; the schedule floor is not;</li>
 *   <li>breach response: when a measured SLO metric misses the class SLO (ttft-p95 above {@code slo.ttft},
 *       p95 latency above {@code slo.p95Latency}, tokens per second below {@code slo.tokensPerSecond}) and
 *       {@code scaleUpImmediately}, the serving target goes to at least
 *       {@code ready + min(max(1, ceil(ready * (worst - 1))), maxScaleUp)} ({@code worst} = the largest miss
 *       ratio, {@code ready} = the ready serving replicas, at most the current target), never below the current
 *       target: replicas still starting count toward it, so a breach that lasts while they start adds nothing
 *       more; the replicas above the current target bypass the rate limits, stabilization and cooldown, and a
 *       larger target from the other stages goes through them;</li>
 *   <li>scale-down safety: headroom = how far every measured SLO metric beats its target, in percent,
 *       {@code (1 - miss ratio) * 100} ({@code (target - measured) / target} for latencies,
 *       {@code (measured - target) / measured} for throughput), the smallest over the metrics; a scale-down waits until it has been at least {@code requireHeadroom} without interruption
 *       for {@code checkDuration}. Without any measurement the headroom is unknown and scale-downs wait.</li>
 * </ol>
 */
final class SloGuard {

    private SloGuard() {
    }

    static void apply(Draft d, PoolState s, Signals signals, AgentPool spec, Instant now) {
        SloTarget t = spec.autoscaling().sloTarget();
        if (!t.enabled()) {
            d.headroomSince = null;
            return;
        }
        headroom(d, t);
        double[] ratios = ratios(spec.slo(), signals);
        breach(d, t, spec, ratios, Merge.ready(s, signals));
        safety(d, s, t, ratios, now);
    }

    private static void headroom(Draft d, SloTarget t) {
        if (t.headroomPercent() <= 0 || d.load < 0) {
            return;
        }
        int withHeadroom = Merge.ceil(d.load * (1 + t.headroomPercent() / 100.0));
        int merged = Math.max(withHeadroom, d.floor);
        if (merged > d.desired) {
            d.reason(ReasonCode.SLO_HEADROOM, "ceil(%d * (1 + %s%%)) = %d", d.load, Draft.num(t.headroomPercent()),
                    withHeadroom);
            d.desired = merged;
        }
    }

    /**
     * Miss ratios of the measured SLO metrics, {@code > 1} for a breach: measured / target for ttft and p95
     * latency, target / measured for tokens per second; NaN where not measured or not in the SLO.
     */
    static double[] ratios(Slo slo, Signals signals) {
        double ttft = signals.slo().ttftP95();
        if (!Double.isFinite(ttft)) {
            Double m = signals.metrics().get(MetricType.TTFT_P95);
            ttft = m == null ? Double.NaN : m;
        }
        return new double[] {
            ratio(ttft, seconds(slo.ttft())),
            ratio(signals.slo().p95Latency(), seconds(slo.p95Latency())),
            slo.tokensPerSecond() == null ? Double.NaN : ratio(slo.tokensPerSecond(), signals.slo().tokensPerSecond())
        };
    }

    /**
     * The breach response is sized from the replicas that serve, since only they shape the measurement: replicas
     * still starting (or not ready again) cannot improve it before they are ready, which for an LLM replica takes
     * minutes, so sizing from the current target would add a round on every run for replicas that have not
     * arrived. Ready replicas beyond the current target are on their way out and do not count.
     */
    private static void breach(Draft d, SloTarget t, AgentPool spec, double[] ratios, int ready) {
        double worst = worst(ratios);
        if (!(worst > 1) || !t.breachResponse().scaleUpImmediately()) {
            return;
        }
        int base = Math.max(0, Math.min(ready, d.current));
        int add = Math.max(1, Merge.ceil(base * (worst - 1)));
        Integer cap = t.breachResponse().maxScaleUp();
        add = Math.min(add, cap == null ? Integer.MAX_VALUE - base : cap);
        int target = base + add;
        d.breachUp = Math.min(Math.max(target, d.current), spec.maxReplicas());
        d.desired = Math.max(d.desired, d.breachUp);
        d.fitBreach();
        breachReason(d, worst, base, add, target);
    }

    private static void breachReason(Draft d, double worst, int ready, int add, int target) {
        int pending = d.current - ready;
        if (target <= d.current) {
            d.reason(ReasonCode.SLO_BREACH, "SLO missed by a factor %s: %d ready + %d = %d, within the current %d: "
                    + "wait for its %d not ready yet", Draft.num(worst), ready, add, target, d.current, pending);
        } else if (pending > 0) {
            d.reason(ReasonCode.SLO_BREACH, "SLO missed by a factor %s: at least %d ready + %d = %d now (%d of the %d "
                    + "before not ready yet)", Draft.num(worst), ready, add, target, pending, d.current);
        } else {
            d.reason(ReasonCode.SLO_BREACH, "SLO missed by a factor %s: at least %d ready + %d = %d now",
                    Draft.num(worst), ready, add, target);
        }
    }

    private static void safety(Draft d, PoolState s, SloTarget t, double[] ratios, Instant now) {
        double require = t.scaleDownSafety().requireHeadroom();
        Duration check = t.scaleDownSafety().checkDuration();
        double headroom = headroomPercent(ratios);
        boolean held = Double.isFinite(headroom) && headroom >= require;
        d.headroomSince = held ? (s.headroomSince() == null ? now : s.headroomSince()) : null;
        if (d.desired >= d.current || (require <= 0 && check.isZero())) {
            return;
        }
        boolean safe = held && !Duration.between(d.headroomSince, now).minus(check).isNegative();
        if (!safe) {
            d.reason(ReasonCode.SLO_SCALE_DOWN_HOLD, Double.isFinite(headroom)
                    ? "SLO headroom %s%% has not been >= %s%% for %s: keep %d"
                    : "no SLO measurement%s to check %s%% headroom over %s: keep %d",
                    Double.isFinite(headroom) ? Draft.num(headroom) : "", Draft.num(require), Merge.format(check),
                    d.current);
            d.desired = d.current;
        }
    }

    /** The smallest headroom over measured metrics, in percent; NaN when nothing is measured. */
    static double headroomPercent(double[] ratios) {
        double min = Double.NaN;
        for (double r : ratios) {
            if (Double.isFinite(r)) {
                double h = (1 - r) * 100;
                min = Double.isNaN(min) ? h : Math.min(min, h);
            }
        }
        return min;
    }

    static double worst(double[] ratios) {
        double w = Double.NaN;
        for (double r : ratios) {
            if (Double.isFinite(r)) {
                w = Double.isNaN(w) ? r : Math.max(w, r);
            }
        }
        return w;
    }

    private static double ratio(double numerator, double denominator) {
        if (!Double.isFinite(numerator) || !Double.isFinite(denominator) || denominator <= 0 || numerator < 0) {
            return Double.NaN;
        }
        return numerator / denominator;
    }

    private static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toNanos() / 1e9;
    }
}
