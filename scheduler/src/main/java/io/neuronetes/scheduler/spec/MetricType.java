package io.neuronetes.scheduler.spec;

/**
 * The seven token-aware metric types of the autoscaling guide.
 *
 * <p>An <em>additive</em> metric is a load that sums over replicas (the signal is the pool total and the planner
 * divides it by the ready replicas, as the HPA's AverageValue does); the others (ttft-p95, context-length) are
 * used as measured. ttft-p95 targets are durations ({@code "500ms"}), the others plain numbers.
 */
public enum MetricType implements YamlEnum {
    TOKENS_IN_QUEUE("tokens-in-queue", true, false),
    TTFT_P95("ttft-p95", false, true),
    CONCURRENT_SESSIONS("concurrent-sessions", true, false),
    TOKENS_PER_SECOND("tokens-per-second", true, false),
    QUEUE_DEPTH("queue-depth", true, false),
    CONTEXT_LENGTH("context-length", false, false),
    TOOL_CALL_RATE("tool-call-rate", true, false);

    private final String yamlName;
    private final boolean additive;
    private final boolean durationTarget;

    MetricType(String yamlName, boolean additive, boolean durationTarget) {
        this.yamlName = yamlName;
        this.additive = additive;
        this.durationTarget = durationTarget;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }

    /** Whether the signal is a pool total that the planner divides by the ready replicas. */
    public boolean additive() {
        return additive;
    }

    /** Whether the target is a duration (its {@link Quantity#value()} is then in seconds). */
    public boolean durationTarget() {
        return durationTarget;
    }
}
