package io.neuronetes.scheduler.spec;

/**
 * One entry of {@code autoscaling.externalMetrics}: a query against an outside source whose value is treated
 * like an additive load metric (pool total, divided by the ready replicas, compared with {@code target}).
 *
 * @param name   unique within the pool
 * @param query  the query text, passed to the source as is
 * @param target the value per ready replica
 */
public record ExternalMetric(String name, String query, Quantity target) {
}
