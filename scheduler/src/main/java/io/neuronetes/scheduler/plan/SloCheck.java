package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.spec.AgentPool;
import java.util.Objects;

/**
 * Whether the SLO metrics a run measured met the pool's SLO (the AgentClass's or the inline {@code spec.slo}): each
 * run of a pool with {@code sloTarget.enabled} is one sample of the availability that {@code availabilityPercent}
 * asks for. A metric misses when its miss ratio is above 1 (ttft-p95 or p95 latency above the target, tokens per
 * second below it), as the breach response reads it; metrics not measured or not in the SLO do not count.
 *
 * @param result     met, missed, or not measured (the SLO stage is off, or no SLO metric had a value)
 * @param worstRatio the largest miss ratio over the measured metrics, NaN when not measured
 */
public record SloCheck(Result result, double worstRatio) {

    /** The outcome of one check. */
    public enum Result {
        MET, MISSED, NOT_MEASURED
    }

    public SloCheck {
        Objects.requireNonNull(result, "result");
    }

    /** Checks the SLO readings of {@code signals} against {@code pool}'s SLO. */
    public static SloCheck of(AgentPool pool, Signals signals) {
        if (!pool.autoscaling().sloTarget().enabled()) {
            return new SloCheck(Result.NOT_MEASURED, Double.NaN);
        }
        double worst = SloGuard.worst(SloGuard.ratios(pool.slo(), signals));
        if (Double.isNaN(worst)) {
            return new SloCheck(Result.NOT_MEASURED, Double.NaN);
        }
        return new SloCheck(worst > 1 ? Result.MISSED : Result.MET, worst);
    }
}
