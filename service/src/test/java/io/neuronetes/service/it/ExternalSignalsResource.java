package io.neuronetes.service.it;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus holding what the brokers' and an ingress's exporters would publish (a Kafka consumer group's lag
 * on two partitions, an ingress request rate) beside the pool's own concurrent sessions, all constant over the last
 * three hours and the next one; and a pools folder with pool {@code chat}, which reads every kind of signal: a
 * metric type, an external PromQL metric, a custom metric from a CDI bean ({@link TestBacklogProvider}) and the lag
 * of its Kafka ToolBinding; and pool {@code guide-external} with the guide's external metric, a Datadog query that
 * no bean serves, so that it is sent to Prometheus, which refuses it.
 */
public class ExternalSignalsResource implements QuarkusTestResourceLifecycleManager {

    static final double SESSIONS = 20;
    static final double INGRESS_RPS = 300;
    static final double LAG_PARTITION_0 = 500;
    static final double LAG_PARTITION_1 = 700;

    static final String POOL = """
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata:
              name: chat
            spec:
              minReplicas: 1
              maxReplicas: 200
              toolBindingRef: agent-tasks
              autoscaling:
                metrics:
                  - type: concurrent-sessions
                    target: "10"
                    averagingWindow: 1m
                externalMetrics:
                  - name: ingress-rps
                    query: 'sum(ingress_requests_per_second{service="chat"})'
                    target: "10"
                  - name: test-backlog
                    query: "served by a CDI bean, never sent to Prometheus"
                    target: "5"
                behavior:
                  scaleUp: {periodSeconds: 1}
                  scaleDown: {periodSeconds: 1, stabilizationWindow: 0s}
                predictive:
                  enabled: false
            ---
            apiVersion: neuronetes.io/v1alpha1
            kind: ToolBinding
            metadata:
              name: agent-tasks
            spec:
              type: queue
              queueConfig: {provider: kafka, queueName: agent-tasks, autoscaleOnLag: true, prefetchCount: 10}
            """;

    /** The guide's "External Metrics" example; without a provider of its name its query is sent as PromQL. */
    static final String GUIDE_POOL = """
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata:
              name: guide-external
            spec:
              minReplicas: 1
              maxReplicas: 10
              autoscaling:
                externalMetrics:
                  - name: datadog-queue-depth
                    query: "avg:queue.depth{service:agents}"
                    target: "100"
                predictive:
                  enabled: false
            """;

    static RealPrometheus prometheus;

    @Override
    public Map<String, String> start() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        prometheus = RealPrometheus.start(List.of(
                series("neuronetes_concurrent_sessions", Map.of("pool", "chat"), now, SESSIONS),
                series("ingress_requests_per_second", Map.of("service", "chat"), now, INGRESS_RPS),
                series("kafka_consumergroup_lag", Map.of("topic", "agent-tasks", "consumergroup", "agents",
                        "partition", "0"), now, LAG_PARTITION_0),
                series("kafka_consumergroup_lag", Map.of("topic", "agent-tasks", "consumergroup", "agents",
                        "partition", "1"), now, LAG_PARTITION_1),
                // Another topic's lag, which the binding's query must leave out.
                series("kafka_consumergroup_lag", Map.of("topic", "other", "consumergroup", "agents",
                        "partition", "0"), now, 99_999)));
        try {
            Path pools = Files.createTempDirectory("pools");
            Files.writeString(pools.resolve("chat.yaml"), POOL);
            Files.writeString(pools.resolve("guide-external.yaml"), GUIDE_POOL);
            return Map.ofEntries(Map.entry("neuronetes.prometheus.url", prometheus.url().toString()),
                    Map.entry("neuronetes.prometheus.timeout", "2s"),
                    Map.entry("neuronetes.pools.folder", pools.toString()),
                    Map.entry("neuronetes.models.folder", Files.createTempDirectory("models").toString()),
                    Map.entry("neuronetes.retrain.on-start", "false"),
                    Map.entry("test.clock.start", "system"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RealPrometheus.Series series(String name, Map<String, String> labels, Instant now, double v) {
        double[] values = new double[4 * 60];
        Arrays.fill(values, v);
        return new RealPrometheus.Series(name, labels, TimeSeries.of(now.minus(Duration.ofHours(3)), Duration.ofMinutes(1),
                values));
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
