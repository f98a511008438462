package io.neuronetes.service.app;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.metrics.ReplayMetricsSource;
import io.neuronetes.service.pools.BundledPoolSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default, active when {@code neuronetes.prometheus.url} is not set: the bundled example pool
 * ({@code demo/agentpool.yaml}) whose concurrent sessions replay the bundled NASA trace
 * ({@code demo/nasa-http-14d.csv}, see its README), in dry-run.
 */
@ApplicationScoped
public class Demo {

    /** The bundled pool's name, as in {@code demo/agentpool.yaml}. */
    public static final String POOL = "demo-nasa";
    static final String POOL_RESOURCE = "demo/agentpool.yaml";
    static final String TRACE_RESOURCE = "demo/nasa-http-14d.csv";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final boolean active;

    Demo(NeuronetesConfig config) {
        this.active = config.prometheus().url().isEmpty();
    }

    /** Whether the service runs the embedded default. */
    public boolean active() {
        return active;
    }

    /** The bundled pool. */
    public BundledPoolSource poolSource() {
        return new BundledPoolSource(POOL_RESOURCE);
    }

    /** The replay of the bundled trace as the demo pool's concurrent sessions. */
    public ReplayMetricsSource metricsSource() {
        return new ReplayMetricsSource("replay:" + TRACE_RESOURCE, POOL, "concurrent-sessions", trace());
    }

    /** Reads the bundled trace: a header, then {@code yyyy-MM-dd HH:mm,value} per minute, without gaps. */
    static TimeSeries trace() {
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(TRACE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(TRACE_RESOURCE + " is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            r.readLine();
            Instant start = null;
            List<Double> values = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int comma = line.indexOf(',');
                if (start == null) {
                    start = LocalDateTime.parse(line.substring(0, comma), TIME).toInstant(ZoneOffset.UTC);
                }
                values.add(Double.parseDouble(line.substring(comma + 1)));
            }
            return TimeSeries.of(start, Duration.ofMinutes(1), values.stream().mapToDouble(Double::doubleValue)
                    .toArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
