package io.neuronetes.scheduler.spec;

import static io.neuronetes.scheduler.spec.MetricType.CONCURRENT_SESSIONS;
import static io.neuronetes.scheduler.spec.MetricType.CONTEXT_LENGTH;
import static io.neuronetes.scheduler.spec.MetricType.TOKENS_IN_QUEUE;
import static io.neuronetes.scheduler.spec.MetricType.TOOL_CALL_RATE;
import static io.neuronetes.scheduler.spec.MetricType.TTFT_P95;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AutoscalingTest {

    static Stream<Arguments> loadMetrics() {
        return Stream.of(
                Arguments.of("no metrics", List.of(), null),
                Arguments.of("only measured metrics", List.of(TTFT_P95, CONTEXT_LENGTH), null),
                // the guard first, the load after it: the load is the first additive one
                Arguments.of("after a guard", List.of(TTFT_P95, CONCURRENT_SESSIONS), CONCURRENT_SESSIONS),
                Arguments.of("the first of two loads", List.of(TOKENS_IN_QUEUE, TOOL_CALL_RATE), TOKENS_IN_QUEUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loadMetrics")
    void theLoadMetricIsTheFirstAdditiveOne(String name, List<MetricType> types, MetricType expected) {
        Autoscaling d = Autoscaling.defaults();
        Autoscaling a = new Autoscaling(types.stream().map(t -> new MetricSpec(t, Quantity.of(10),
                MetricSpec.DEFAULT_AVERAGING_WINDOW)).toList(), d.strategy(), d.behavior(), d.cooldownPeriod(),
                d.useWarmPool(), d.replenishStrategy(), d.predictive(), d.sloTarget(), d.costConstraints(),
                d.spotStrategy(), d.externalMetrics());
        assertThat(a.loadMetric().map(MetricSpec::type)).isEqualTo(Optional.ofNullable(expected));
    }
}
