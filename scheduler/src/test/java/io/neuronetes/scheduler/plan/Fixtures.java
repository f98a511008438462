package io.neuronetes.scheduler.plan;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastMethod;
import io.neuronetes.forecast.StepDistribution;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for planner tests: pools from field paths, forecasts with a chosen quantile per step. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2024-06-12T10:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    private Fixtures() {
    }

    /**
     * A validated pool: min 1, max 100, one concurrent-sessions metric with target 10, no stabilization, then
     * the given {@code path, value} pairs ({@code "autoscaling.cooldownPeriod", "5m"}) under {@code spec}.
     */
    static AgentPool pool(Object... pathValues) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "neuronetes.io/v1alpha1");
        doc.put("kind", "AgentPool");
        doc.put("metadata", Map.of("name", "p"));
        set(doc, "spec.minReplicas", 1);
        set(doc, "spec.maxReplicas", 100);
        set(doc, "spec.autoscaling.metrics", List.of(Map.of("type", "concurrent-sessions", "target", "10")));
        set(doc, "spec.autoscaling.behavior.scaleDown.stabilizationWindow", "0s");
        for (int i = 0; i < pathValues.length; i += 2) {
            set(doc, "spec." + pathValues[i], pathValues[i + 1]);
        }
        return new AgentPoolParser().parse(doc).orThrow();
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> doc, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        node.put(parts[parts.length - 1], value);
    }

    /** Signals with a concurrent-sessions total and a ready count. */
    static Signals sessions(double total, int ready) {
        return Signals.none().withReady(ready).with(io.neuronetes.scheduler.spec.MetricType.CONCURRENT_SESSIONS,
                total);
    }

    /**
     * A forecast made at {@code now - 1 minute} whose step h has point {@code points[h-1]}; its q quantile is
     * {@code point * (1 + spread * (q - 0.5) * 2)} (so q0.995 = point * (1 + 0.99 * spread)).
     */
    static Forecast forecast(Instant now, double confidence, double spread, double... points) {
        StepDistribution[] dist = new StepDistribution[points.length];
        double[] conf = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            double p = points[i];
            dist[i] = q -> p * (1 + spread * (q - 0.5) * 2);
            conf[i] = confidence;
        }
        return Forecast.of(now.minus(MINUTE), MINUTE, points, dist, conf, ForecastMethod.FOREST, "");
    }

    /** A state serving {@code serving} replicas with {@code warm} warm ones and the given history. */
    static PoolState state(int serving, int warm, List<PoolState.ScaleEvent> events,
            List<PoolState.Recommendation> recs, Instant lastScale) {
        return new PoolState(serving, serving, warm, List.of(), recs, events, lastScale, null, null, null, 0, null,
                0);
    }

    static List<PoolState.Recommendation> recs(Object... minutesAgoAndReplicas) {
        List<PoolState.Recommendation> out = new ArrayList<>();
        for (int i = 0; i < minutesAgoAndReplicas.length; i += 2) {
            out.add(new PoolState.Recommendation(T0.minus(MINUTE.multipliedBy((Integer) minutesAgoAndReplicas[i])),
                    (Integer) minutesAgoAndReplicas[i + 1]));
        }
        return out;
    }

    static List<PoolState.ScaleEvent> events(Object... secondsAgoAndChange) {
        List<PoolState.ScaleEvent> out = new ArrayList<>();
        for (int i = 0; i < secondsAgoAndChange.length; i += 2) {
            out.add(new PoolState.ScaleEvent(T0.minusSeconds((Integer) secondsAgoAndChange[i]),
                    (Integer) secondsAgoAndChange[i + 1]));
        }
        return out;
    }
}
