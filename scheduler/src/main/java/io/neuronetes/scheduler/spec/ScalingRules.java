package io.neuronetes.scheduler.spec;

import java.time.Duration;

/**
 * {@code behavior.scaleUp} or {@code behavior.scaleDown}.
 *
 * @param stabilizationWindow recommendations of this long are considered: scale-up takes the smallest,
 *                            scale-down the largest (defaults: 0s up, 300s down)
 * @param maxChangePercent    the largest change per period as a percent of the replicas at the period's start;
 *                            {@code null} = no percent limit (default)
 * @param maxChangeAbsolute   the largest change per period in replicas; {@code null} = no absolute limit
 *                            (default). When both limits are set the stricter applies.
 * @param periodSeconds       the length of the period the limits apply to, 1..1800 (default 15)
 */
public record ScalingRules(Duration stabilizationWindow, Double maxChangePercent, Integer maxChangeAbsolute,
        int periodSeconds) {

    public static final int DEFAULT_PERIOD_SECONDS = 15;

    /** The defaults of {@code scaleUp}: no stabilization, no limits, 15 s periods. */
    public static ScalingRules scaleUpDefaults() {
        return new ScalingRules(Duration.ZERO, null, null, DEFAULT_PERIOD_SECONDS);
    }

    /** The defaults of {@code scaleDown}: 300 s stabilization, no limits, 15 s periods. */
    public static ScalingRules scaleDownDefaults() {
        return new ScalingRules(Duration.ofSeconds(300), null, null, DEFAULT_PERIOD_SECONDS);
    }
}
