package io.neuronetes.service.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * Names one metric of one pool. For the guide's metric types ({@code tokens-in-queue}, {@code ttft-p95}, ...) the
 * source finds the query itself (the PromQL template of the type, with the pool's overrides); for an external metric
 * the spec gives the query.
 *
 * @param pool      the pool's name
 * @param namespace the pool's namespace ({@code default} for files)
 * @param type      the metric type from the spec, or the external metric's name
 * @param query     an explicit query (external metrics), or empty to use the type's template
 */
public record MetricRef(String pool, String namespace, String type, Optional<String> query) {

    public MetricRef {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(query, "query");
    }

    /** A metric of one of the guide's types, queried through its template. */
    public static MetricRef of(String pool, String namespace, String type) {
        return new MetricRef(pool, namespace, type, Optional.empty());
    }

    /** An external metric with its own query. */
    public static MetricRef external(String pool, String namespace, String name, String query) {
        return new MetricRef(pool, namespace, name, Optional.of(query));
    }

    @Override
    public String toString() {
        return pool + "/" + type;
    }
}
