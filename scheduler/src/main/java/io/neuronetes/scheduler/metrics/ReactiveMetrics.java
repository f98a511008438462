package io.neuronetes.scheduler.metrics;

import io.neuronetes.scheduler.spec.ExternalMetric;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.scheduler.spec.QueueConfig;
import io.neuronetes.scheduler.spec.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reactive replicas from live metrics, per metric type as in DESIGN.md, combined by the pool's strategy.
 *
 * <ul>
 *   <li>Additive load metrics (tokens-in-queue, concurrent-sessions, tokens-per-second, queue-depth,
 *       tool-call-rate) and external metrics: the live value is the pool total; {@code value = total / ready}
 *       (the HPA's AverageValue), {@code ratio = value / target}, {@code replicas = ceil(ratio * ready)}, which is
 *       {@code ceil(total / target)}. With no ready replica the same {@code ceil(total / target)} is used.</li>
 *   <li>ttft-p95 and context-length are used as measured: {@code ratio = measured / target},
 *       {@code replicas = ceil(ratio * ready)}; skipped while no replica is ready (nothing is measured then).</li>
 *   <li>Within the tolerance band ({@code |ratio - 1| <= tolerance}) a metric asks for the ready replicas.</li>
 *   <li>Queue lag (a queue ToolBinding): {@code ready + additional} from {@link QueueLag}.</li>
 *   <li>Strategy: max or min of the per-metric replicas, or {@code ceil} of their mean for average.</li>
 * </ul>
 * A value that is absent, NaN, infinite or negative is not used; the metric is reported as missing.
 * Stateless; does not mutate its inputs.
 */
public final class ReactiveMetrics {

    private ReactiveMetrics() {
    }

    /**
     * Computes the reactive view.
     *
     * @param metrics    the pool's metric specs
     * @param external   the pool's external metric specs
     * @param values     live values by metric type (pool totals for additive types)
     * @param externals  live values by external metric name (pool totals)
     * @param queue      the queue binding, or null
     * @param queueDepth the queue's depth, NaN when unknown
     * @param ready      ready serving replicas, &gt;= 0
     */
    public static Reactive compute(List<MetricSpec> metrics, List<ExternalMetric> external, Strategy strategy,
            Map<?, Double> values, Map<String, Double> externals, QueueConfig queue, double queueDepth, int ready,
            Tolerance tolerance) {
        List<MetricReading> readings = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (MetricSpec m : metrics) {
            Double v = values.get(m.type());
            String name = m.type().yamlName();
            if (!usable(v) || (!m.type().additive() && ready == 0)) {
                missing.add(name);
            } else if (m.type().additive()) {
                readings.add(additive(name, v, m.target().value(), ready, tolerance));
            } else {
                readings.add(measured(name, v, m.target().value(), ready, tolerance));
            }
        }
        for (ExternalMetric e : external) {
            Double v = externals.get(e.name());
            if (usable(v)) {
                readings.add(additive(e.name(), v, e.target().value(), ready, tolerance));
            } else {
                missing.add(e.name());
            }
        }
        if (queue != null && queue.autoscaleOnLag()) {
            if (usable(queueDepth)) {
                readings.add(queueLag(queue, queueDepth, ready));
            } else {
                missing.add("queue-lag");
            }
        }
        return new Reactive(combine(strategy, readings), readings, missing);
    }

    static MetricReading additive(String name, double total, double target, int ready, Tolerance tolerance) {
        if (ready == 0) {
            return new MetricReading(name, MetricReading.Kind.ADDITIVE_FROM_ZERO, total, total, target, 0, total / target,
                    ceil(total / target));
        }
        double ratio = total / ready / target;
        if (tolerance.within(ratio)) {
            return new MetricReading(name, MetricReading.Kind.WITHIN_TOLERANCE, total, total / ready, target, ready,
                    ratio, ready);
        }
        return new MetricReading(name, MetricReading.Kind.ADDITIVE, total, total / ready, target, ready, ratio,
                ceil(ratio * ready));
    }

    static MetricReading measured(String name, double value, double target, int ready, Tolerance tolerance) {
        double ratio = value / target;
        if (tolerance.within(ratio)) {
            return new MetricReading(name, MetricReading.Kind.WITHIN_TOLERANCE, value, value, target, ready, ratio,
                    ready);
        }
        return new MetricReading(name, MetricReading.Kind.MEASURED, value, value, target, ready, ratio,
                ceil(ratio * ready));
    }

    static MetricReading queueLag(QueueConfig queue, double depth, int ready) {
        int add = QueueLag.additionalReplicas(queue, depth, ready);
        double capacity = (double) ready * queue.prefetchCount();
        return new MetricReading("queue-lag", MetricReading.Kind.QUEUE_LAG, depth, depth, queue.prefetchCount(), ready,
                capacity == 0 ? Double.POSITIVE_INFINITY : depth / capacity, ready + add);
    }

    private static int combine(Strategy strategy, List<MetricReading> readings) {
        if (readings.isEmpty()) {
            return -1;
        }
        int max = Integer.MIN_VALUE;
        int min = Integer.MAX_VALUE;
        long sum = 0;
        for (MetricReading r : readings) {
            max = Math.max(max, r.replicas());
            min = Math.min(min, r.replicas());
            sum += r.replicas();
        }
        return switch (strategy) {
            case MAX -> max;
            case MIN -> min;
            case AVERAGE -> (int) Math.ceil((double) sum / readings.size() - 1e-9);
        };
    }

    private static boolean usable(Double v) {
        return v != null && Double.isFinite(v) && v >= 0;
    }

    /** Ceiling that ignores floating-point dust ({@code 3.0000000001} is 3). */
    static int ceil(double x) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(x - 1e-9));
    }
}
