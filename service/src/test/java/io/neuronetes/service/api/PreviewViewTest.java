package io.neuronetes.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.actuation.DryRunActuator;
import io.neuronetes.service.actuation.WorkloadObservation;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.runs.Evaluation;
import io.neuronetes.service.runs.ForecastResult;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.ScalingRun;
import io.neuronetes.service.runs.SignalReader;
import io.neuronetes.service.testsupport.NoSeries;
import io.neuronetes.service.testsupport.TestPools;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preview of a pool with no model and no reading: what is absent is null, what is known is given. */
class PreviewViewTest {

    static final Instant T0 = Instant.parse("2024-03-04T12:00:00Z");

    @Test
    void absentValuesAreNullAndTheMetricAndStepAreGiven() {
        PoolEntry entry = TestPools.chat("""
                    predictive: {enabled: true}
                """);
        ScalingRun run = new ScalingRun(new SignalReader(new NoSeries(), QueryTemplates.builtIn(), Map.of()),
                (e, now) -> ForecastResult.none("no trained model yet"), new DryRunActuator(), new ScalerMetrics(),
                Clock.fixed(T0, ZoneOffset.UTC));
        Evaluation ev = run.evaluate(new PoolRuntime(entry, 10), T0, WorkloadObservation.unknown("test"));

        PreviewView v = PreviewView.of(entry.pool(), T0, ev, ev.forecast(), null, null, Duration.ofMinutes(1));

        assertThat(v.metric()).isEqualTo("concurrent-sessions"); // the pool's first additive metric, model or not
        assertThat(v.stepSeconds()).isEqualTo(60); // the grid step, forecast or not
        assertThat(v.origin()).isNull();
        assertThat(v.confidence()).isNull();
        assertThat(v.reactive().replicas()).isNull(); // no metric had a value
        assertThat(v.decision().predicted()).isNull(); // no forecast to use
        assertThat(v.gateOpen()).isFalse();
    }
}
