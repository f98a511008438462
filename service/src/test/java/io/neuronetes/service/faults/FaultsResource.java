package io.neuronetes.service.faults;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.testsupport.FaultProxy;
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
 * A real Prometheus holding two days of the NASA trace (times five, so the pool runs well above its minimum) as
 * pool {@code faulty}'s concurrent sessions, reached through a {@link FaultProxy} that tests switch between faults;
 * Prometheus wants a bearer token, and every log line goes to a file that tests search for secrets.
 */
public class FaultsResource implements QuarkusTestResourceLifecycleManager {

    static final String PROMETHEUS_TOKEN = "prom-secret-5f4dcc3b5aa765d61d8327deb882cf99";

    static RealPrometheus PROMETHEUS;
    static FaultProxy PROXY;
    static Path LOG;

    static final String POOL = """
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata:
              name: faulty
            spec:
              minReplicas: 1
              maxReplicas: 200
              autoscaling:
                metrics:
                  - type: concurrent-sessions
                    target: "10"
                    averagingWindow: 1m
                behavior:
                  scaleUp: {periodSeconds: 1}
                  scaleDown: {periodSeconds: 1, stabilizationWindow: 0s}
                predictive:
                  enabled: false
                  schedules:
                    - {name: floor, cron: "* * * * *", replicas: 2}
            """;

    @Override
    public Map<String, String> start() {
        TimeSeries trace = Traces.endingAfter(Traces.nasaLastDays(2), Instant.now(), Duration.ofHours(1));
        double[] v = new double[trace.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 50 + 5 * trace.value(i);
        }
        TimeSeries scaled = TimeSeries.of(trace.start(), trace.step(), v);
        PROMETHEUS = RealPrometheus.start(List.of(new RealPrometheus.Series("neuronetes_concurrent_sessions",
                Map.of("pool", "faulty"), scaled)));
        try {
            PROXY = new FaultProxy(PROMETHEUS.url());
            Path pools = Files.createTempDirectory("pools");
            Path models = Files.createTempDirectory("models");
            LOG = Files.createTempDirectory("faults-log").resolve("service.log");
            Files.writeString(pools.resolve("faulty.yaml"), POOL);
            return Map.ofEntries(Map.entry("neuronetes.prometheus.url", PROXY.url().toString()),
                    Map.entry("neuronetes.prometheus.timeout", "1s"),
                    Map.entry("neuronetes.prometheus.retries", "0"),
                    Map.entry("neuronetes.prometheus.bearer-token", PROMETHEUS_TOKEN),
                    Map.entry("neuronetes.pools.folder", pools.toString()),
                    Map.entry("neuronetes.models.folder", models.toString()),
                    Map.entry("neuronetes.retrain.on-start", "false"),
                    Map.entry("quarkus.log.file.enabled", "true"),
                    Map.entry("quarkus.log.file.path", LOG.toString()),
                    Map.entry("quarkus.log.file.level", "DEBUG"),
                    Map.entry("quarkus.log.category.\"io.neuronetes\".level", "DEBUG"),
                    Map.entry("test.clock.start", "system"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (PROXY != null) {
            PROXY.close();
        }
        if (PROMETHEUS != null) {
            PROMETHEUS.close();
        }
    }
}
