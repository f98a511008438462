package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.spec.MetricType;
import io.neuronetes.scheduler.spec.QueueConfig;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The live inputs of one decision.
 *
 * @param ready      ready serving replicas as observed, or -1 to use the planner's own count from its state
 * @param metrics    live values by metric type, averaged over each metric's window: pool totals for additive
 *                   types, measured values for ttft-p95 (seconds) and context-length; absent or NaN = unknown
 * @param external   live values of external metrics by name (pool totals)
 * @param queue      the pool's queue binding, or null
 * @param queueDepth messages waiting in that queue, NaN when unknown
 * @param slo        measured SLO metrics
 */
public record Signals(int ready, Map<MetricType, Double> metrics, Map<String, Double> external, QueueConfig queue,
        double queueDepth, SloReadings slo) {

    public Signals {
        metrics = metrics.isEmpty() ? Map.of() : new EnumMap<>(metrics);
        external = Map.copyOf(external);
        if (slo == null) {
            slo = SloReadings.NONE;
        }
    }

    /** No live values at all (forecasts and schedules only). */
    public static Signals none() {
        return new Signals(-1, Map.of(), Map.of(), null, Double.NaN, SloReadings.NONE);
    }

    /** These signals with one more metric value. */
    public Signals with(MetricType type, double value) {
        Map<MetricType, Double> m = new EnumMap<>(MetricType.class);
        m.putAll(metrics);
        m.put(type, value);
        return new Signals(ready, m, external, queue, queueDepth, slo);
    }

    /** These signals with one more external metric value. */
    public Signals withExternal(String name, double value) {
        Map<String, Double> m = new HashMap<>(external);
        m.put(name, value);
        return new Signals(ready, metrics, m, queue, queueDepth, slo);
    }

    /** These signals with an observed ready count. */
    public Signals withReady(int observed) {
        return new Signals(observed, metrics, external, queue, queueDepth, slo);
    }

    /** These signals with a queue binding and its depth. */
    public Signals withQueue(QueueConfig config, double depth) {
        return new Signals(ready, metrics, external, config, depth, slo);
    }

    /** These signals with SLO measurements. */
    public Signals withSlo(SloReadings readings) {
        return new Signals(ready, metrics, external, queue, queueDepth, readings);
    }
}
