package io.neuronetes.scheduler.replay;

import java.time.Duration;

/**
 * Settings of a replay.
 *
 * @param capacity            demand one ready replica serves per step, &gt; 0
 * @param coldStart           time from requesting a replica to it serving, &gt;= 0; the planner's lead time
 * @param availabilityPercent the availability level the planner provisions for; NaN keeps the pool's SLO value
 * @param evalDays            the last whole days of the trace that are replayed, &gt;= 1
 * @param historyDays         days each daily training reads, &gt;= 1 (7, as production retrains on a week)
 */
public record ReplayOptions(double capacity, Duration coldStart, double availabilityPercent, int evalDays,
        int historyDays) {

    public ReplayOptions {
        if (!(capacity > 0) || !Double.isFinite(capacity)) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
        if (coldStart.isNegative()) {
            throw new IllegalArgumentException("cold start must be >= 0, got " + coldStart);
        }
        if (!Double.isNaN(availabilityPercent) && !(availabilityPercent >= 50 && availabilityPercent < 100)) {
            throw new IllegalArgumentException("availability must be in [50, 100), got " + availabilityPercent);
        }
        if (evalDays < 1 || historyDays < 1) {
            throw new IllegalArgumentException("eval days and history days must be >= 1");
        }
    }

    /** The bench's defaults: 7 evaluation days, 7 days of history. */
    public static ReplayOptions of(double capacity, Duration coldStart, double availabilityPercent) {
        return new ReplayOptions(capacity, coldStart, availabilityPercent, 7, 7);
    }
}
