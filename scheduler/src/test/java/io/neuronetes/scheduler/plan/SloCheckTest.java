package io.neuronetes.scheduler.plan;

import static io.neuronetes.scheduler.plan.Fixtures.pool;
import static io.neuronetes.scheduler.plan.Fixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuronetes.scheduler.spec.AgentPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One run's SLO check: met, missed or not measured, from the readings the SLO stage reads. */
class SloCheckTest {

    private static final AgentPool SLO = pool("autoscaling.sloTarget.enabled", true, "slo.ttft", "500ms",
            "slo.p95Latency", "2s", "slo.tokensPerSecond", 50);

    @ParameterizedTest(name = "ttft {0} s, p95 {1} s, {2} tokens/s: {3}")
    @CsvSource(nullValues = "NaN", value = {
        "0.40, 1.0, 80, MET, 0.8",            // worst of 0.40/0.5 = 0.8, 1.0/2 = 0.5, 50/80 = 0.625
        "0.50, 1.0, 80, MET, 1.0",            // at the target is met: a miss is a ratio above 1
        "0.61, 1.0, 80, MISSED, 1.22",        // 0.61 / 0.5
        "0.40, 2.4, 80, MISSED, 1.2",         // p95 latency 2.4 / 2
        "0.40, 1.0, 40, MISSED, 1.25",        // throughput: target / measured = 50 / 40
        "NaN, NaN, 40, MISSED, 1.25",         // the unmeasured metrics do not count
        "0.40, NaN, NaN, MET, 0.8",
        "NaN, NaN, NaN, NOT_MEASURED, NaN",
        "-0.2, Infinity, NaN, NOT_MEASURED, NaN", // bad readings (negative, infinite) are no measurement
        "-0.2, 2.4, NaN, MISSED, 1.2"})
    void eachRunIsOneSampleOfTheAvailability(Double ttft, Double p95, Double tps, SloCheck.Result result,
            Double worst) {
        Signals s = sessions(50, 5).withSlo(new SloReadings(nan(ttft), nan(p95), nan(tps)));
        SloCheck c = SloCheck.of(SLO, s);
        assertThat(c.result()).isEqualTo(result);
        if (worst == null) {
            assertThat(c.worstRatio()).isNaN();
        } else {
            assertThat(c.worstRatio()).isCloseTo(worst, within(1e-9));
        }
    }

    @Test
    void aPoolWithoutTheSloStageIsNotMeasured() {
        AgentPool p = pool("autoscaling.sloTarget.enabled", false, "slo.ttft", "500ms");
        Signals s = sessions(50, 5).withSlo(new SloReadings(0.9, Double.NaN, Double.NaN));
        assertThat(SloCheck.of(p, s).result()).isEqualTo(SloCheck.Result.NOT_MEASURED);
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }
}
