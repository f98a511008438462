package io.neuronetes.service.it;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.metrics.CustomMetricProvider;
import io.neuronetes.service.metrics.MetricOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A custom metric provider as a user writes one (the guide's "Custom Metrics"): a CDI bean the service picks up by
 * itself. It answers 55 for pool {@code chat} and records which pools asked.
 */
@ApplicationScoped
public class TestBacklogProvider implements CustomMetricProvider {

    static final double BACKLOG = 55;
    static final Set<String> ASKED = ConcurrentHashMap.newKeySet();

    @Override
    public String metricName() {
        return "test-backlog";
    }

    @Override
    public MetricOutcome<Double> value(AgentPool pool, Instant at) {
        ASKED.add(pool.name());
        return pool.name().equals("chat") ? MetricOutcome.value(BACKLOG)
                : MetricOutcome.error("test-backlog: no backlog for " + pool.name());
    }
}
