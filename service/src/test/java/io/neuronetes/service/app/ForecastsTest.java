package io.neuronetes.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.actuation.DryRunActuator;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.ScalingRun;
import io.neuronetes.service.runs.SignalReader;
import io.neuronetes.service.testsupport.NoSeries;
import io.neuronetes.service.testsupport.TestConfig;
import io.neuronetes.service.testsupport.TestPools;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a run's decision says of the forecast while its pool has none: which metric it would be of, and why not. */
class ForecastsTest {

    static final Instant T0 = Instant.parse("2024-03-04T12:00:00Z");

    static Stream<Arguments> poolsWithoutAForecast() {
        return Stream.of(
                Arguments.of("no model yet", "    predictive: {enabled: true}\n",
                        "no trained model yet for concurrent-sessions"),
                Arguments.of("prediction off", "", "predictive scaling is disabled"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolsWithoutAForecast")
    void theDecisionNamesThePoolsLoadMetricWithoutAForecast(String name, String predictive, String note) {
        Forecasts forecasts = new Forecasts();
        forecasts.config = TestConfig.load(Map.of());
        forecasts.source = new NoSeries();
        PoolEntry entry = TestPools.chat(predictive);
        forecasts.poolChanged(entry);
        ScalingRun run = new ScalingRun(new SignalReader(new NoSeries(), QueryTemplates.builtIn(), Map.of()),
                forecasts::forecast, new DryRunActuator(), new ScalerMetrics(), Clock.fixed(T0, ZoneOffset.UTC));
        PoolRuntime pool = new PoolRuntime(entry, 10);

        run.run(pool);

        DecisionRecord.ForecastSummary f = pool.log().last().orElseThrow().forecast();
        assertThat(f.metric()).isEqualTo("concurrent-sessions"); // the pool's first additive metric
        assertThat(f.note()).isEqualTo(note);
        assertThat(f.method()).isNull();
        assertThat(f.modelVersion()).isNull();
        assertThat(f.confidence()).isNull();
        assertThat(f.gateOpen()).isFalse();
    }
}
