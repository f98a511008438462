package io.neuronetes.scheduler.spec;

import java.time.Duration;

/**
 * The {@code spec.slo} of an AgentClass (or inline in an AgentPool). A {@code null} target is not part of the SLO.
 *
 * @param ttft                target time to first token
 * @param tokensPerSecond     target output tokens per second per session, the least acceptable
 * @param p95Latency          target 95th percentile request latency
 * @param availabilityPercent share of steps the pool must have enough capacity for, in (50, 100) (default 99.5);
 *                            the planner provisions for the forecast quantile of this level
 */
public record Slo(Duration ttft, Double tokensPerSecond, Duration p95Latency, double availabilityPercent) {

    public static final double DEFAULT_AVAILABILITY_PERCENT = 99.5;

    public static Slo defaults() {
        return new Slo(null, null, null, DEFAULT_AVAILABILITY_PERCENT);
    }
}
