package io.neuronetes.scheduler.metrics;

import java.util.List;

/**
 * The reactive view: what each live metric asks for and their combination by the pool's strategy.
 *
 * @param replicas the combined replicas, or -1 when no metric had a usable value
 * @param readings one entry per metric with a usable value, in spec order (queue lag last)
 * @param missing  names of metrics without a usable value (absent, NaN, infinite or negative)
 */
public record Reactive(int replicas, List<MetricReading> readings, List<String> missing) {

    public Reactive {
        readings = List.copyOf(readings);
        missing = List.copyOf(missing);
    }

    /** Whether any metric had a value. */
    public boolean present() {
        return replicas >= 0;
    }
}
