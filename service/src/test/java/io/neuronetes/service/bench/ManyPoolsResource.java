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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench.pools} pools (default 200) at a 30 s period, in dry-run, against a real Prometheus that holds
 * {@code bench.pools.series} backfilled series (default 20): the NASA trace, each series scaled by its own factor,
 * and pool {@code i} reads series {@code i mod series} through its own query. The scaler does the work of every
 * pool: one instant query, one incremental history query and one forecast per pool per run. One model (100 trees)
 * is trained on the trace and stored once per pool, so the service loads one model per pool at start. Retrains use
 * the production forest size (100 trees) and the default retrain concurrency and stagger.
 */
public class ManyPoolsResource implements QuarkusTestResourceLifecycleManager {

    static final int POOLS = Integer.getInteger("bench.pools", 200);
    static final int SERIES = Math.max(1, Math.min(POOLS, Integer.getInteger("bench.pools.series", 20)));
    static RealPrometheus prometheus;
    static long trainSeconds;
    private static Path pools;
    private static Path models;

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
        List<RealPrometheus.Series> series = new ArrayList<>();
        for (int k = 0; k < SERIES; k++) {
            series.add(new RealPrometheus.Series("neuronetes_concurrent_sessions", Map.of("pool", "nasa-" + k),
                    scaled(trace, 0.5 + k / (double) SERIES)));
        }
        prometheus = RealPrometheus.start(series);
        try {
            pools = Files.createTempDirectory("many-pools");
            models = Files.createTempDirectory("many-models");
            long t0 = System.nanoTime();
            int end = trace.indexOf(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
            TimeSeries history = trace.slice(0, end);
            ModelFitting.Fitted f = ModelFitting.fit(name(0), "concurrent-sessions", history, Duration.ofDays(7),
                    10, Instant.now(), ForestTrainer.defaults());
            trainSeconds = (System.nanoTime() - t0) / 1_000_000_000L;
            FileModelStore store = new FileModelStore(models, 5);
            Map<String, String> config = new HashMap<>();
            String version = store.save(name(0), "concurrent-sessions", f.model(), f.metadata()).version();
            Path saved = models.resolve(name(0)).resolve("concurrent-sessions").resolve(version);
            for (int i = 0; i < POOLS; i++) {
                String name = name(i);
                Files.writeString(pools.resolve(name + ".yaml"), pool(name));
                if (i > 0) { // a copy of the stored files: serializing the same model again only costs time
                    Path to = models.resolve(name).resolve("concurrent-sessions").resolve(version);
                    Files.createDirectories(to);
                    try (Stream<Path> files = Files.list(saved)) {
                        for (Path file : files.toList()) {
                            Files.copy(file, to.resolve(file.getFileName()));
                        }
                    }
                }
                config.put("neuronetes.queries.pools." + name + ".concurrent-sessions",
                        "neuronetes_concurrent_sessions{pool=\"nasa-" + (i % SERIES) + "\"}");
            }
            config.put("neuronetes.prometheus.url", prometheus.url().toString());
            config.put("neuronetes.pools.folder", pools.toString());
            config.put("neuronetes.models.folder", models.toString());
            config.put("neuronetes.retrain.on-start", "false");
            config.put("neuronetes.retrain.trees", "100");
            config.put("test.clock.start", "system");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(int i) {
        return String.format("pool-%04d", i);
    }

    private static TimeSeries scaled(TimeSeries s, double factor) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.isNaN(s.value(i)) ? Double.NaN : Math.round(s.value(i) * factor);
        }
        return TimeSeries.of(s.start(), s.step(), v);
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        for (Path dir : new Path[] {pools, models}) {
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // A leftover temporary folder is harmless.
                }
            }
        }
    }
}
