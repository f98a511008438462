package io.neuronetes.scheduler.spec;

import java.time.Duration;

/**
 * One entry of {@code autoscaling.metrics}.
 *
 * @param type            the metric type
 * @param target          the value per ready replica (additive types) or the measured value to hold (ttft-p95,
 *                        context-length); for ttft-p95 a duration, its value in seconds
 * @param averagingWindow the window the live value is averaged over (default 1m)
 */
public record MetricSpec(MetricType type, Quantity target, Duration averagingWindow) {

    /** Default {@code averagingWindow}. */
    public static final Duration DEFAULT_AVERAGING_WINDOW = Duration.ofMinutes(1);
}
