package io.neuronetes.scheduler.spec;

import java.util.List;

/**
 * {@code autoscaling.spotStrategy}.
 *
 * @param enabled        default false
 * @param maxSpotPercent the largest share of provisioned replicas on spot, 0..100 (default 50)
 * @param onInterruption what to do when a spot instance is reclaimed
 * @param instanceTypes  instance types to spread spot replicas over (default none)
 */
public record SpotStrategy(boolean enabled, double maxSpotPercent, OnInterruption onInterruption,
        List<String> instanceTypes) {

    public SpotStrategy {
        instanceTypes = List.copyOf(instanceTypes);
    }

    public static SpotStrategy defaults() {
        return new SpotStrategy(false, 50, OnInterruption.defaults(), List.of());
    }
}
