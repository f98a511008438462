package io.neuronetes.scheduler.spec;

import java.time.Duration;

/**
 * {@code sloTarget.scaleDownSafety}: scale down only after the SLO headroom has been at least
 * {@code requireHeadroom} percent for {@code checkDuration} without interruption.
 *
 * @param requireHeadroom percent by which the measured SLO metrics must beat their targets (default 0)
 * @param checkDuration   how long that must hold (default 0s)
 */
public record ScaleDownSafety(double requireHeadroom, Duration checkDuration) {

    public static ScaleDownSafety defaults() {
        return new ScaleDownSafety(0, Duration.ZERO);
    }
}
