package io.neuronetes.scheduler.replay;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.scheduler.spec.Autoscaling;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.scheduler.spec.MetricType;
import io.neuronetes.scheduler.spec.Quantity;
import io.neuronetes.scheduler.spec.Quantities;
import io.neuronetes.scheduler.spec.Slo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool a replay plans for. The trace's values play the pool's first additive metric (the metric its forecasts
 * are made of); the replay's capacity becomes that metric's target, its cold start the pool's, and its
 * availability (when given) the SLO's.
 */
public final class SimulationPool {

    private SimulationPool() {
    }

    /**
     * The default pool: 1..1000 replicas, a tokens-per-second metric whose target is the capacity, prediction on
     * with no confidence gate (the replay has no other signal to fall back on), and every other field at the
     * AgentPool default: no warm pool, no rate limits, no cooldown, scale-up not stabilized, scale-down stabilized
     * over 300 s (which keeps replicas requested for a step until that step arrives when the cold start is at most
     * 5 minutes, and stops flapping on noisy load).
     */
    public static AgentPool defaults(ReplayOptions options, Duration step) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("minReplicas", 1);
        spec.put("maxReplicas", 1000);
        spec.put("coldStart", Quantities.format(options.coldStart()));
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("type", MetricType.TOKENS_PER_SECOND.yamlName());
        metric.put("target", Double.toString(options.capacity()));
        metric.put("averagingWindow", Quantities.format(step));
        Map<String, Object> autoscaling = new LinkedHashMap<>();
        autoscaling.put("metrics", List.of(metric));
        autoscaling.put("predictive", Map.of("enabled", true, "minConfidence", 0,
                "horizonMinutes", (int) Math.max(1, Math.min(1440, horizonMinutes(options, step)))));
        spec.put("autoscaling", autoscaling);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", AgentPoolParser.API_VERSION);
        doc.put("kind", "AgentPool");
        doc.put("metadata", Map.of("name", "simulation"));
        doc.put("spec", spec);
        return adapt(new AgentPoolParser().parse(doc).orThrow(), options);
    }

    /** {@code pool} with the replay's capacity, cold start and (when given) availability. */
    public static AgentPool adapt(AgentPool pool, ReplayOptions options) {
        Autoscaling a = pool.autoscaling();
        List<MetricSpec> metrics = new ArrayList<>(a.metrics());
        Quantity capacity = Quantity.of(options.capacity());
        int first = -1;
        for (int i = 0; i < metrics.size() && first < 0; i++) {
            first = metrics.get(i).type().additive() ? i : -1;
        }
        if (first < 0) {
            metrics.add(0, new MetricSpec(MetricType.TOKENS_PER_SECOND, capacity, MetricSpec.DEFAULT_AVERAGING_WINDOW));
        } else {
            MetricSpec m = metrics.get(first);
            metrics.set(first, new MetricSpec(m.type(), capacity, m.averagingWindow()));
        }
        Autoscaling adapted = new Autoscaling(metrics, a.strategy(), a.behavior(), a.cooldownPeriod(), a.useWarmPool(),
                a.replenishStrategy(), a.predictive(), a.sloTarget(), a.costConstraints(), a.spotStrategy(),
                a.externalMetrics());
        Slo slo = pool.slo();
        if (!Double.isNaN(options.availabilityPercent())) {
            slo = new Slo(slo.ttft(), slo.tokensPerSecond(), slo.p95Latency(), options.availabilityPercent());
        }
        return new AgentPool(pool.name(), pool.namespace(), pool.minReplicas(), pool.maxReplicas(),
                pool.prewarmPercent(), adapted, pool.targetRef(), options.coldStart(), pool.timeZone(),
                pool.agentClassRef(), slo, pool.toolBindingRef());
    }

    /**
     * Days each daily training reads: the pool's {@code predictive.lookbackWindow} in whole days (rounded down), at
     * least one, as the service's daily retraining reads it.
     */
    public static int historyDays(AgentPool pool) {
        return (int) Math.max(1, pool.autoscaling().predictive().lookbackWindow().toDays());
    }

    /** The metric the trace's values stand for: the pool's first additive metric. */
    static MetricType loadMetric(AgentPool pool) {
        return pool.autoscaling().loadMetric().map(MetricSpec::type)
                .orElseThrow(() -> new IllegalArgumentException("the pool has no additive metric"));
    }

    private static long horizonMinutes(ReplayOptions options, Duration step) {
        return options.coldStart().plus(step).toMinutes();
    }
}
