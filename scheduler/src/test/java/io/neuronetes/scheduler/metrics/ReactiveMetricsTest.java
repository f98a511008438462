package io.neuronetes.scheduler.metrics;

import static io.neuronetes.scheduler.spec.MetricType.CONCURRENT_SESSIONS;
import static io.neuronetes.scheduler.spec.MetricType.CONTEXT_LENGTH;
import static io.neuronetes.scheduler.spec.MetricType.QUEUE_DEPTH;
import static io.neuronetes.scheduler.spec.MetricType.TOKENS_IN_QUEUE;
import static io.neuronetes.scheduler.spec.MetricType.TOKENS_PER_SECOND;
import static io.neuronetes.scheduler.spec.MetricType.TOOL_CALL_RATE;
import static io.neuronetes.scheduler.spec.MetricType.TTFT_P95;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.scheduler.spec.ExternalMetric;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.scheduler.spec.MetricType;
import io.neuronetes.scheduler.spec.Quantity;
import io.neuronetes.scheduler.spec.QueueConfig;
import io.neuronetes.scheduler.spec.QueueProvider;
import io.neuronetes.scheduler.spec.Strategy;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReactiveMetricsTest {

    /** One metric: its type, target, live value (pool total or measured), ready replicas, expected replicas. */
    record Case(String name, MetricType type, double target, double value, int ready, Tolerance tolerance,
            int expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> oneMetric() {
        Tolerance none = Tolerance.NONE;
        Tolerance hpa = Tolerance.HPA;
        return Stream.of(
                new Case("tokens-in-queue above target", TOKENS_IN_QUEUE, 1000, 11_500, 5, none,
                        12), // 11500 / 5 = 2300 per replica; ceil(2300 / 1000 * 5) = ceil(11.5) = 12
                new Case("tokens-in-queue below target", TOKENS_IN_QUEUE, 1000, 1_200, 4, none,
                        2), // 1200 / 4 = 300; ceil(0.3 * 4) = ceil(1.2) = 2
                new Case("tokens-in-queue empty queue", TOKENS_IN_QUEUE, 1000, 0, 4, none,
                        0), // ceil(0 * 4) = 0, bounds lift it later
                new Case("concurrent-sessions", CONCURRENT_SESSIONS, 50, 230, 2, none,
                        5), // 230 / 2 = 115; ceil(115 / 50 * 2) = ceil(4.6) = 5
                new Case("tokens-per-second", TOKENS_PER_SECOND, 100, 1_050, 10, none,
                        11), // 1050 / 10 = 105; ceil(1.05 * 10) = ceil(10.5) = 11
                new Case("tokens-per-second inside tolerance", TOKENS_PER_SECOND, 100, 1_050, 10, hpa,
                        10), // ratio 1.05, |1.05 - 1| <= 0.1: keep 10
                new Case("queue-depth", QUEUE_DEPTH, 20, 100, 3, none,
                        5), // 100 / 3 = 33.3; ceil(33.3 / 20 * 3) = ceil(5) = 5
                new Case("tool-call-rate", TOOL_CALL_RATE, 10, 61, 3, none,
                        7), // 61 / 3 = 20.3; ceil(20.3 / 10 * 3) = ceil(6.1) = 7
                new Case("tool-call-rate no ready replica", TOOL_CALL_RATE, 10, 61, 0, hpa,
                        7), // ceil(61 / 10) = 7
                new Case("ttft-p95 slow", TTFT_P95, 0.5, 0.8, 4, none,
                        7), // 800ms / 500ms = 1.6; ceil(1.6 * 4) = ceil(6.4) = 7
                new Case("ttft-p95 fast", TTFT_P95, 0.5, 0.2, 10, none,
                        4), // 200ms / 500ms = 0.4; ceil(0.4 * 10) = 4
                new Case("ttft-p95 inside tolerance", TTFT_P95, 0.5, 0.54, 10, hpa,
                        10), // ratio 1.08 within 0.1: keep 10
                new Case("context-length long", CONTEXT_LENGTH, 4000, 6000, 3, none,
                        5), // 6000 / 4000 = 1.5; ceil(1.5 * 3) = ceil(4.5) = 5
                new Case("context-length short", CONTEXT_LENGTH, 4000, 1000, 8, hpa,
                        2)); // 1000 / 4000 = 0.25; ceil(0.25 * 8) = 2
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneMetric")
    void eachMetricType(Case c) {
        Reactive r = ReactiveMetrics.compute(List.of(spec(c.type(), c.target())), List.of(), Strategy.MAX,
                Map.of(c.type(), c.value()), Map.of(), null, Double.NaN, c.ready(), c.tolerance());
        assertThat(r.replicas()).isEqualTo(c.expected());
        assertThat(r.readings()).singleElement().satisfies(m -> {
            assertThat(m.metric()).isEqualTo(c.type().yamlName());
            assertThat(m.formula()).endsWith(Integer.toString(c.expected()));
        });
    }

    static Stream<Arguments> strategies() {
        // tokens-in-queue: 3000 / 2 = 1500 per replica, ceil(1.5 * 2) = 3
        // concurrent-sessions: 190 / 2 = 95, ceil(95 / 20 * 2) = ceil(9.5) = 10
        // ttft-p95: 0.25 / 0.5 = 0.5, ceil(0.5 * 2) = 1
        return Stream.of(
                Arguments.of(Strategy.MAX, 10), // max(3, 10, 1)
                Arguments.of(Strategy.MIN, 1), // min(3, 10, 1)
                Arguments.of(Strategy.AVERAGE, 5)); // ceil((3 + 10 + 1) / 3) = ceil(4.67) = 5
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("strategies")
    void strategiesCombinePerMetricReplicas(Strategy strategy, int expected) {
        Map<MetricType, Double> values = new EnumMap<>(MetricType.class);
        values.put(TOKENS_IN_QUEUE, 3000.0);
        values.put(CONCURRENT_SESSIONS, 190.0);
        values.put(TTFT_P95, 0.25);
        Reactive r = ReactiveMetrics.compute(List.of(spec(TOKENS_IN_QUEUE, 1000), spec(CONCURRENT_SESSIONS, 20),
                spec(TTFT_P95, 0.5)), List.of(), strategy, values, Map.of(), null, Double.NaN, 2, Tolerance.NONE);
        assertThat(r.replicas()).isEqualTo(expected);
        assertThat(r.readings()).extracting(MetricReading::replicas).containsExactly(3, 10, 1);
    }

    @Test
    void missingAndUnusableValuesAreReportedNotUsed() {
        Map<MetricType, Double> values = new EnumMap<>(MetricType.class);
        values.put(TOKENS_IN_QUEUE, Double.NaN);
        values.put(QUEUE_DEPTH, -1.0);
        values.put(CONCURRENT_SESSIONS, 100.0); // 100 / 50 = 2
        Reactive r = ReactiveMetrics.compute(List.of(spec(TOKENS_IN_QUEUE, 1000), spec(QUEUE_DEPTH, 20),
                spec(CONCURRENT_SESSIONS, 50), spec(TTFT_P95, 0.5)), List.of(), Strategy.MAX, values, Map.of(), null,
                Double.NaN, 4, Tolerance.NONE);
        assertThat(r.replicas()).isEqualTo(2); // 100 / 4 = 25 per replica, ceil(25 / 50 * 4) = 2
        assertThat(r.missing()).containsExactly("tokens-in-queue", "queue-depth", "ttft-p95");
    }

    @Test
    void noUsableValueMeansNoReactiveView() {
        Reactive r = ReactiveMetrics.compute(List.of(spec(TTFT_P95, 0.5)), List.of(), Strategy.MAX,
                Map.of(TTFT_P95, 0.9), Map.of(), null, Double.NaN, 0, Tolerance.HPA);
        assertThat(r.present()).isFalse(); // nothing is measured while no replica is ready
    }

    @Test
    void externalMetricsAreAdditive() {
        ExternalMetric dd = new ExternalMetric("datadog-queue-depth", "avg:queue.depth{service:agents}",
                Quantity.of(100));
        Reactive r = ReactiveMetrics.compute(List.of(), List.of(dd), Strategy.MAX, Map.of(),
                Map.of("datadog-queue-depth", 450.0), null, Double.NaN, 3, Tolerance.NONE);
        assertThat(r.replicas()).isEqualTo(5); // 450 / 3 = 150; ceil(150 / 100 * 3) = ceil(4.5) = 5
    }

    static Stream<Arguments> queueLag() {
        QueueConfig guide = new QueueConfig(QueueProvider.NATS, "agent-tasks", true, 100, 10, 5);
        QueueConfig off = new QueueConfig(QueueProvider.NATS, "agent-tasks", false, 100, 10, 5);
        return Stream.of(
                Arguments.of("the guide's example", guide, 150, 5, 2), // ceil((150 - 5 * 10) / (10 * 5)) = 2
                Arguments.of("at the threshold", guide, 100, 1, 0), // 100 is not > maxLagThreshold 100
                Arguments.of("consumers hold it all", guide, 120, 20, 0), // (120 - 200) / 50 < 0 -> 0
                Arguments.of("deep lag", guide, 1001, 2, 20), // ceil((1001 - 20) / 50) = ceil(19.62) = 20
                Arguments.of("lag scaling off", off, 1001, 2, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queueLag")
    void theGuidesQueueLagFormula(String name, QueueConfig config, double depth, int replicas, int expected) {
        assertThat(QueueLag.additionalReplicas(config, depth, replicas)).isEqualTo(expected);
    }

    @Test
    void queueLagJoinsTheOtherMetricsAsReadyPlusAdditional() {
        QueueConfig guide = new QueueConfig(QueueProvider.KAFKA, "tasks", true, 100, 10, 5);
        Reactive r = ReactiveMetrics.compute(List.of(spec(CONCURRENT_SESSIONS, 50)), List.of(), Strategy.MAX,
                Map.of(CONCURRENT_SESSIONS, 100.0), Map.of(), guide, 150, 5, Tolerance.NONE);
        assertThat(r.readings()).extracting(MetricReading::replicas).containsExactly(2, 7); // 5 + 2 additional
        assertThat(r.replicas()).isEqualTo(7);
    }

    private static MetricSpec spec(MetricType type, double target) {
        return new MetricSpec(type, Quantity.of(target), Duration.ofMinutes(1));
    }
}
