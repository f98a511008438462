package io.neuronetes.scheduler.metrics;

/**
 * What one metric asks for.
 *
 * @param metric   the metric's name (its type's YAML name, an external metric's name, or {@code queue-lag})
 * @param value    the value compared with the target: per ready replica for additive metrics, as measured
 *                 otherwise, the queue depth for queue lag
 * @param target   the target the value is compared with
 * @param ratio    {@code value / target}
 * @param replicas the replicas this metric asks for
 * @param formula  the arithmetic, for the decision log ({@code ceil(2300 / 1000) = 3})
 */
public record MetricReading(String metric, double value, double target, double ratio, int replicas,
        String formula) {
}
