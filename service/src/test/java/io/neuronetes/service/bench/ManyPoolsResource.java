package io.neuronetes.service.bench;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.store.FileModelStore;
import io.neuronetes.service.models.ModelFitting;
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
 * {@value #POOLS} pools at a 30 s period, in dry-run, against a real Prometheus. Every pool reads the same
 * backfilled NASA series (one template for all), so Prometheus holds one series while the scaler does the work of
 * {@value #POOLS} pools: one instant query, one incremental history query and one forecast per pool per run. One
 * model is trained on the trace and stored once per pool, so the service loads {@value #POOLS} models at start.
 */
public class ManyPoolsResource implements QuarkusTestResourceLifecycleManager {

    static final int POOLS = 200;
    static RealPrometheus prometheus;
    static long trainSeconds;

    static String pool(String name) {
        return """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata:
                  name: %s
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
                      scaleUp: {periodSeconds: 30}
                      scaleDown: {periodSeconds: 30}
                    predictive:
                      enabled: true
                      horizonMinutes: 10
                      minConfidence: 0.3
                """.formatted(name);
    }

    @Override
    public Map<String, String> start() {
        TimeSeries trace = Traces.endingAfter(Traces.nasaLastDays(16), Instant.now(), Duration.ofHours(1));
        prometheus = RealPrometheus.start(List.of(new RealPrometheus.Series("neuronetes_concurrent_sessions",
                Map.of("pool", "nasa"), trace)));
        try {
            Path pools = Files.createTempDirectory("many-pools");
            Path models = Files.createTempDirectory("many-models");
            long t0 = System.nanoTime();
            int end = trace.indexOf(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
            TimeSeries history = trace.slice(0, end);
            ModelFitting.Fitted f = ModelFitting.fit("pool-000", "concurrent-sessions", history, Duration.ofDays(7),
                    10, Instant.now(), ForestTrainer.defaults());
            trainSeconds = (System.nanoTime() - t0) / 1_000_000_000L;
            FileModelStore store = new FileModelStore(models, 5);
            for (int i = 0; i < POOLS; i++) {
                String name = String.format("pool-%03d", i);
                Files.writeString(pools.resolve(name + ".yaml"), pool(name));
                store.save(name, "concurrent-sessions", f.model(), f.metadata());
            }
            return Map.ofEntries(Map.entry("neuronetes.prometheus.url", prometheus.url().toString()),
                    Map.entry("neuronetes.pools.folder", pools.toString()),
                    Map.entry("neuronetes.models.folder", models.toString()),
                    Map.entry("neuronetes.queries.templates.concurrent-sessions",
                            "neuronetes_concurrent_sessions{pool=\"nasa\"}"),
                    Map.entry("neuronetes.retrain.on-start", "false"),
                    Map.entry("test.clock.start", "system"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
