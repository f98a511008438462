package io.neuronetes.service.runs;

import io.neuronetes.scheduler.plan.Signals;
import io.neuronetes.scheduler.plan.SloReadings;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.ExternalMetric;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.scheduler.spec.MetricType;
import io.neuronetes.scheduler.spec.QueueConfig;
import io.neuronetes.scheduler.spec.ToolBinding;
import io.neuronetes.service.metrics.CustomMetricProvider;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.pools.PoolEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a pool's live signals for one run: each metric of {@code autoscaling.metrics} over its averaging window,
 * each external metric (from a {@link CustomMetricProvider} of that name, else its PromQL query), the queue depth
 * of its queue ToolBinding, and the SLO measurements when {@code sloTarget} is enabled. Every value that could not
 * be read is left out of the signals (the planner then says METRIC_MISSING) and listed with why.
 */
public final class SignalReader {

    /** Window of the SLO and queue readings, which have no averaging window of their own. */
    static final Duration SLO_WINDOW = Duration.ofMinutes(1);

    /** What was read: the signals for the planner, every value by name, and every problem. */
    public record Readings(Signals signals, Map<String, Double> values, List<Problem> problems) {
    }

    /** A signal that could not be read: its name, the outcome kind and the message. */
    public record Problem(String metric, MetricOutcome.Kind kind, String message) {
    }

    private final MetricsSource source;
    private final QueryTemplates templates;
    private final Map<String, CustomMetricProvider> providers;

    public SignalReader(MetricsSource source, QueryTemplates templates, Map<String, CustomMetricProvider> providers) {
        this.source = source;
        this.templates = templates;
        this.providers = Map.copyOf(providers);
    }

    /** Reads every signal of {@code entry}'s pool at {@code now}; never throws for a failed read. */
    public Readings read(PoolEntry entry, Instant now) {
        AgentPool pool = entry.pool();
        Signals signals = Signals.none();
        Map<String, Double> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (MetricSpec m : pool.autoscaling().metrics()) {
            String type = m.type().yamlName();
            MetricOutcome<Double> o = source.instant(MetricRef.of(pool.name(), pool.namespace(), type),
                    m.averagingWindow(), now);
            if (accept(type, o, values, problems)) {
                signals = signals.with(m.type(), o.value());
            }
        }
        for (ExternalMetric e : pool.autoscaling().externalMetrics()) {
            MetricOutcome<Double> o = external(pool, e, now);
            if (accept(e.name(), o, values, problems)) {
                signals = signals.withExternal(e.name(), o.value());
            }
        }
        signals = queue(entry, signals, now, values, problems);
        if (pool.autoscaling().sloTarget().enabled()) {
            signals = signals.withSlo(slo(pool, values, now, problems));
        }
        return new Readings(signals, values, problems);
    }

    private MetricOutcome<Double> external(AgentPool pool, ExternalMetric e, Instant now) {
        CustomMetricProvider p = providers.get(e.name());
        if (p == null) {
            return source.instant(MetricRef.external(pool.name(), pool.namespace(), e.name(), e.query()),
                    SLO_WINDOW, now);
        }
        try {
            MetricOutcome<Double> o = p.value(pool, now);
            return o == null ? MetricOutcome.error(e.name() + ": provider returned nothing") : o;
        } catch (RuntimeException ex) {
            return MetricOutcome.error(e.name() + ": provider failed: " + ex);
        }
    }

    private Signals queue(PoolEntry entry, Signals signals, Instant now, Map<String, Double> values,
            List<Problem> problems) {
        Optional<ToolBinding> binding = entry.toolBinding();
        if (binding.isEmpty() || binding.get().queueConfig() == null
                || !binding.get().queueConfig().autoscaleOnLag()) {
            return signals;
        }
        QueueConfig q = binding.get().queueConfig();
        AgentPool pool = entry.pool();
        String type = "queue-lag-" + q.provider().yamlName();
        Optional<String> t = templates.expression(MetricRef.of(pool.name(), pool.namespace(), type));
        if (t.isEmpty()) {
            problems.add(new Problem("queue-lag", MetricOutcome.Kind.INVALID, "no query template " + type));
            return signals;
        }
        String query = t.get().replace("{queue}", q.queueName());
        MetricOutcome<Double> o = source.instant(MetricRef.external(pool.name(), pool.namespace(), "queue-lag",
                query), SLO_WINDOW, now);
        return accept("queue-lag", o, values, problems) ? signals.withQueue(q, o.value()) : signals;
    }

    private SloReadings slo(AgentPool pool, Map<String, Double> values, Instant now, List<Problem> problems) {
        double ttft = values.getOrDefault(MetricType.TTFT_P95.yamlName(), Double.NaN);
        if (Double.isNaN(ttft) && pool.slo().ttft() != null && !configured(pool, MetricType.TTFT_P95)) {
            ttft = optional(pool, "ttft-p95", "slo-ttft-p95", now, values, problems);
        }
        double latency = pool.slo().p95Latency() == null ? Double.NaN
                : optional(pool, "slo-p95-latency", "slo-p95-latency", now, values, problems);
        double tps = pool.slo().tokensPerSecond() == null ? Double.NaN
                : optional(pool, "slo-tokens-per-second", "slo-tokens-per-second", now, values, problems);
        return new SloReadings(ttft, latency, tps);
    }

    private double optional(AgentPool pool, String type, String name, Instant now, Map<String, Double> values,
            List<Problem> problems) {
        MetricOutcome<Double> o = source.instant(MetricRef.of(pool.name(), pool.namespace(), type), SLO_WINDOW, now);
        return accept(name, o, values, problems) ? o.value() : Double.NaN;
    }

    private static boolean configured(AgentPool pool, MetricType type) {
        return pool.autoscaling().metrics().stream().anyMatch(m -> m.type() == type);
    }

    private static boolean accept(String name, MetricOutcome<Double> o, Map<String, Double> values,
            List<Problem> problems) {
        if (o.hasValue() && o.value() >= 0) {
            values.put(name, o.value());
            return true;
        }
        problems.add(o.hasValue() ? new Problem(name, MetricOutcome.Kind.INVALID, name + ": negative value "
                + o.value()) : new Problem(name, o.kind(), o.message()));
        return false;
    }
}
