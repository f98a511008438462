package io.neuronetes.service.it;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.neuronetes.service.testsupport.Traces;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Starts a real Prometheus holding 16 days of the NASA trace as pool {@code nasa}'s concurrent sessions (ending a
 * little after now, so live queries find samples), and a pools folder with that pool beside two broken files; points
 * the service at both, on the system clock. {@link #PROMETHEUS} lets tests stop and restart the server.
 */
public class PrometheusResource implements QuarkusTestResourceLifecycleManager {

    static RealPrometheus PROMETHEUS;
    static Path POOLS;
    static Path MODELS;
    static TimeSeries TRACE;

    static final String GOOD = """
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata:
              name: nasa
            spec:
              minReplicas: 1
              maxReplicas: 40
              coldStart: 5m
              autoscaling:
                metrics:
                  - type: concurrent-sessions
                    target: "10"
                    averagingWindow: 1m
                behavior:
                  scaleUp: {periodSeconds: 2}
                  scaleDown: {periodSeconds: 2, stabilizationWindow: 0s}
                predictive:
                  enabled: true
                  lookbackWindow: 7d
                  horizonMinutes: 10
                  minConfidence: 0.3
            """;

    @Override
    public Map<String, String> start() {
        TRACE = Traces.endingAfter(Traces.nasaLastDays(16), Instant.now(), Duration.ofHours(1));
        PROMETHEUS = RealPrometheus.start(List.of(new RealPrometheus.Series("neuronetes_concurrent_sessions",
                Map.of("pool", "nasa"), TRACE)));
        try {
            POOLS = Files.createTempDirectory("pools");
            MODELS = Files.createTempDirectory("models");
            Files.writeString(POOLS.resolve("nasa.yaml"), GOOD);
            Files.writeString(POOLS.resolve("bad-spec.yaml"), GOOD.replace("name: nasa", "name: broken")
                    .replace("minReplicas: 1", "minReplicas: -3"));
            Files.writeString(POOLS.resolve("not-yaml.yaml"), "spec: {minReplicas: [1, 2\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(Map.entry("neuronetes.prometheus.url", PROMETHEUS.url().toString()),
                Map.entry("neuronetes.prometheus.timeout", "2s"),
                Map.entry("neuronetes.prometheus.retries", "0"),
                Map.entry("neuronetes.pools.folder", POOLS.toString()),
                Map.entry("neuronetes.pools.rescan-interval", "1s"),
                Map.entry("neuronetes.models.folder", MODELS.toString()),
                Map.entry("neuronetes.retrain.on-start", "false"),
                Map.entry("neuronetes.retrain.trees", "30"),
                Map.entry("test.clock.start", "system"));
    }

    @Override
    public void stop() {
        if (PROMETHEUS != null) {
            PROMETHEUS.close();
        }
    }
}
