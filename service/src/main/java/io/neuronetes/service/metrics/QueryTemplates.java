package io.neuronetes.service.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The PromQL query of each metric type: built-in defaults on the guide's metric names, replaced per type by
 * {@code neuronetes.queries.templates.<type>} and per pool by {@code neuronetes.queries.pools.<pool>.<type>}.
 * {@code {pool}} and {@code {namespace}} in a template are replaced by the pool's name and namespace. Immutable.
 */
public final class QueryTemplates {

    /** The built-in template of each of the guide's seven metric types. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static final Pattern SELECTOR = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^{}]*})?");

    private final Map<String, String> templates;
    private final Map<String, Map<String, String>> perPool;

    /**
     * @param templates per-type templates replacing the defaults
     * @param perPool   per-pool templates, by pool name then type
     */
    public QueryTemplates(Map<String, String> templates, Map<String, Map<String, String>> perPool) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        merged.putAll(templates);
        this.templates = Map.copyOf(merged);
        Map<String, Map<String, String>> pools = new LinkedHashMap<>();
        perPool.forEach((pool, byType) -> pools.put(pool, Map.copyOf(byType)));
        this.perPool = Map.copyOf(pools);
    }

    /** The defaults only. */
    public static QueryTemplates builtIn() {
        return new QueryTemplates(Map.of(), Map.of());
    }

    /**
     * The guide's metric names, excluding the copies the scaler itself exports ({@code source="scaler"}, see
     * {@code ScalerMetrics}) so that a Prometheus that scrapes the scaler never returns two series.
     */
    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tokens-in-queue", "neuronetes_tokens_in_queue{pool=\"{pool}\",source!=\"scaler\"}");
        // The planner reads ttft-p95 in seconds (its targets are durations): the guide's TTFT histogram
        // (neuronetes_ttft_seconds) where the agents export it, else its dashboard gauge in milliseconds. A histogram
        // that counted no request in 5 minutes has no quantile (NaN, dropped by "> -Inf"): with no gauge either, the
        // idle pool reads 0 s (nothing waited), so that a latency metric does not hold an idle pool's size as a
        // missing one would; a pool that exports neither stays missing.
        m.put("ttft-p95", "histogram_quantile(0.95, sum by (le) (rate(neuronetes_ttft_seconds_bucket{pool=\"{pool}\"}"
                + "[5m]))) > -Inf or on() neuronetes_ttft_p95_milliseconds{pool=\"{pool}\",source!=\"scaler\"} / 1000"
                + " or on() sum(rate(neuronetes_ttft_seconds_bucket{pool=\"{pool}\",le=\"+Inf\"}[5m])) == 0");
        m.put("concurrent-sessions", "neuronetes_concurrent_sessions{pool=\"{pool}\",source!=\"scaler\"}");
        m.put("tokens-per-second", "sum(rate(neuronetes_output_tokens_total{pool=\"{pool}\"}[1m]))");
        m.put("queue-depth", "neuronetes_queue_depth{pool=\"{pool}\",source!=\"scaler\"}");
        m.put("context-length", "neuronetes_context_length_tokens{pool=\"{pool}\",source!=\"scaler\"}");
        // SLO measurements other than ttft-p95, read when sloTarget is enabled and the SLO sets them.
        m.put("slo-p95-latency", "neuronetes_request_latency_p95_seconds{pool=\"{pool}\"}");
        m.put("slo-tokens-per-second", "neuronetes_session_tokens_per_second{pool=\"{pool}\"}");
        // Queue depth of a ToolBinding from the brokers' Prometheus exporters; {queue} is spec.queueConfig.queueName.
        m.put("queue-lag-nats", "sum(jetstream_consumer_num_pending{stream_name=\"{queue}\"})");
        m.put("queue-lag-kafka", "sum(kafka_consumergroup_lag{topic=\"{queue}\"})");
        m.put("tool-call-rate", "sum(rate(neuronetes_tool_calls_total{pool=\"{pool}\"}[1m])) * 60");
        return Map.copyOf(m);
    }

    /** The expression of {@code metric}: its explicit query, else the pool's override, else the type's template. */
    public Optional<String> expression(MetricRef metric) {
        if (metric.query().isPresent()) {
            return metric.query();
        }
        String t = perPool.getOrDefault(metric.pool(), Map.of()).get(metric.type());
        if (t == null) {
            t = templates.get(metric.type());
        }
        if (t == null) {
            return Optional.empty();
        }
        return Optional.of(t.replace("{pool}", metric.pool()).replace("{namespace}", metric.namespace()));
    }

    /**
     * The instant query averaging {@code expression} over {@code window}: {@code avg_over_time(sel[window])} for a
     * plain selector (all raw samples), else a subquery {@code avg_over_time((expr)[window:resolution])} with the
     * resolution {@code step}, or the window when that is shorter: Prometheus evaluates a subquery at multiples of
     * its resolution, so a window shorter than the step (the guide's 30 s) would hold no evaluation for part of
     * every step and the metric would be missing. The range is one millisecond shorter than the window so that
     * Prometheus 2 (closed ranges) and 3 (left-open ranges) average the same samples: those in
     * {@code (at - window, at]}. An expression holding a {@code #} gets a line break before the closing part, which a
     * comment ({@code #} to the end of the line) would otherwise swallow. The result keeps the expression apart from
     * the wrapper, so that an error's position can be told in the expression as written.
     */
    public static SentQuery averaged(String expression, Duration window, Duration step) {
        String w = promDuration(window.compareTo(Duration.ofMillis(1)) > 0 ? window.minusMillis(1) : window);
        String e = expression.strip();
        if (SELECTOR.matcher(e).matches()) {
            return new SentQuery("avg_over_time(", expression, "[" + w + "])");
        }
        Duration resolution = window.compareTo(step) < 0 ? window : step;
        String close = e.indexOf('#') >= 0 ? "\n)" : ")";
        return new SentQuery("avg_over_time((", expression, close + "[" + w + ":" + promDuration(resolution) + "])");
    }

    /** A duration in PromQL syntax, in whole seconds or milliseconds ({@code 30s}, {@code 1500ms}). */
    public static String promDuration(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + d);
        }
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    /** The types that have a template (built-in or configured). */
    public java.util.Set<String> types() {
        return templates.keySet();
    }
}
