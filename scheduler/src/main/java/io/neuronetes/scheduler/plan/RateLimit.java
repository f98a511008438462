package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.plan.PoolState.ScaleEvent;
import io.neuronetes.scheduler.spec.ScalingRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The most replicas one direction may change within a period, as the HPA's scaling policies: a percent of the
 * replicas at the period's start and an absolute count; when both are set the stricter applies (the guide calls
 * both a "max"). A percent of 0 replicas is taken of 1, so that a percent-only limit can leave zero.
 *
 * @param percent  the largest change in percent, or null for none
 * @param absolute the largest change in replicas, or null for none
 * @param period   the period the change is counted over
 */
public record RateLimit(Double percent, Integer absolute, Duration period) {

    /** The limit of one direction's rules. */
    public static RateLimit of(ScalingRules rules) {
        return new RateLimit(rules.maxChangePercent(), rules.maxChangeAbsolute(),
                Duration.ofSeconds(rules.periodSeconds()));
    }

    /** Whether any limit is set. */
    public boolean limits() {
        return percent != null || absolute != null;
    }

    /** The most replicas a scale-up may reach from {@code periodStart} replicas. */
    public int maxUp(int periodStart) {
        long allowed = Integer.MAX_VALUE;
        if (percent != null) {
            int base = Math.max(periodStart, 1);
            allowed = Math.min(allowed, (long) Math.ceil(base * (1 + percent / 100.0) - 1e-9) - base);
        }
        if (absolute != null) {
            allowed = Math.min(allowed, absolute);
        }
        return (int) Math.min(Integer.MAX_VALUE, periodStart + allowed);
    }

    /** The fewest replicas a scale-down may reach from {@code periodStart} replicas. */
    public int minDown(int periodStart) {
        int floor = Integer.MIN_VALUE;
        if (percent != null) {
            floor = Math.max(floor, (int) Math.ceil(periodStart * (1 - percent / 100.0) - 1e-9));
        }
        if (absolute != null) {
            floor = Math.max(floor, periodStart - absolute);
        }
        return Math.max(0, floor);
    }

    /**
     * The replicas at the start of the period ending at {@code now}: {@code current} minus the changes of this
     * direction made within {@code (now - period, now]}.
     */
    public int periodStart(int current, List<ScaleEvent> events, Instant now, boolean up) {
        Instant cutoff = now.minus(period);
        int changed = 0;
        for (ScaleEvent e : events) {
            if (e.at().isAfter(cutoff) && (up ? e.change() > 0 : e.change() < 0)) {
                changed += e.change();
            }
        }
        return current - changed;
    }
}
