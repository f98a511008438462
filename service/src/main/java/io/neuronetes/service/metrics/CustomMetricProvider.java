package io.neuronetes.service.metrics;

import io.neuronetes.scheduler.spec.AgentPool;
import java.time.Instant;

/**
 * A custom metric, as in the guide's "Custom Metrics": implement this interface in a CDI bean
 * ({@code @ApplicationScoped}) and name it in a pool's {@code autoscaling.externalMetrics[].name}; the scaler then
 * reads that external metric from the bean instead of running its {@code query} against Prometheus. The value is
 * treated like the other external metrics: a pool total, divided by the ready replicas and compared with the
 * metric's {@code target}.
 *
 * <p>Contract: {@link #value} returns within a few seconds, is thread-safe (runs of different pools call it at
 * once), and reports failures as a non-value {@link MetricOutcome} rather than throwing; a provider that throws
 * is treated as an {@code ERROR} outcome.
 */
public interface CustomMetricProvider {

    /** The name external metrics use to select this provider. */
    String metricName();

    /** The metric's current value for {@code pool} at {@code at}. */
    MetricOutcome<Double> value(AgentPool pool, Instant at);
}
