package io.neuronetes.scheduler.spec;

import java.time.Duration;
import java.util.List;

/**
 * {@code autoscaling.predictive}.
 *
 * @param enabled        whether forecasts are used (default false); schedules apply either way
 * @param lookbackWindow the training history (default 7d)
 * @param horizonMinutes how far ahead to forecast, 1..1440 (default 10)
 * @param minConfidence  forecasts with a lower confidence are ignored, 0..1 (default 0.7)
 * @param schedules      cron floors (default none)
 */
public record Predictive(boolean enabled, Duration lookbackWindow, int horizonMinutes, double minConfidence,
        List<Schedule> schedules) {

    public Predictive {
        schedules = List.copyOf(schedules);
    }

    public static Predictive defaults() {
        return new Predictive(false, Duration.ofDays(7), 10, 0.7, List.of());
    }
}
