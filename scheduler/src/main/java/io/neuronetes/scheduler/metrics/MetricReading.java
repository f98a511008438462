package io.neuronetes.scheduler.metrics;

import java.util.Locale;

/**
 * What one metric asks for.
 *
 * @param metric   the metric's name (its type's YAML name, an external metric's name, or {@code queue-lag})
 * @param kind     how the replicas were computed
 * @param total    the live value as given: the pool total (additive), the measured value, or the queue depth
 * @param value    the value compared with the target: per ready replica for additive metrics, else as measured
 * @param target   the target the value is compared with (for queue lag: the prefetch count)
 * @param ready    the ready replicas the value was divided by or scaled with
 * @param ratio    {@code value / target}
 * @param replicas the replicas this metric asks for
 */
public record MetricReading(String metric, Kind kind, double total, double value, double target, int ready,
        double ratio, int replicas) {

    /** How a reading's replicas were computed. */
    public enum Kind {
        /** {@code ceil(total / ready / target * ready)}. */
        ADDITIVE,
        /** No ready replica: {@code ceil(total / target)}. */
        ADDITIVE_FROM_ZERO,
        /** Within the tolerance band: the ready replicas. */
        WITHIN_TOLERANCE,
        /** {@code ceil(measured / target * ready)}. */
        MEASURED,
        /** {@code ready + the guide's queue-lag formula}. */
        QUEUE_LAG
    }

    /** The arithmetic, for the decision log ({@code 2300 / 5 = 460 per replica, ceil(460 / 100 * 5) = 24}). */
    public String formula() {
        return switch (kind) {
            case ADDITIVE_FROM_ZERO -> String.format(Locale.ROOT, "no ready replica: ceil(%s / %s) = %d", num(total),
                    num(target), replicas);
            case ADDITIVE -> String.format(Locale.ROOT, "%s / %d = %s per replica, ceil(%s / %s * %d) = %d",
                    num(total), ready, num(total / ready), num(total / ready), num(target), ready, replicas);
            case WITHIN_TOLERANCE -> String.format(Locale.ROOT, "ratio %s within tolerance: %d", num(ratio), replicas);
            case MEASURED -> String.format(Locale.ROOT, "ceil(%s / %s * %d) = %d", num(total), num(target), ready,
                    replicas);
            case QUEUE_LAG -> String.format(Locale.ROOT, "%d + additional for %s queued (prefetch %s) = %d", ready,
                    num(total), num(target), replicas);
        };
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
