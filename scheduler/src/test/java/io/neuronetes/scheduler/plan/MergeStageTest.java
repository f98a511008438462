package io.neuronetes.scheduler.plan;

import static io.neuronetes.scheduler.plan.Fixtures.T0;
import static io.neuronetes.scheduler.plan.Fixtures.forecast;
import static io.neuronetes.scheduler.plan.Fixtures.pool;
import static io.neuronetes.scheduler.plan.Fixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The merge stage: reactive, gated prediction over the lead time, schedule floor. */
class MergeStageTest {

    private static final double[] RAMP = {100, 120, 150, 180, 200, 210, 500};
    private static final double[] EARLY_PEAK = {100, 300, 150, 110, 100, 120, 100};
    private static final AgentPool PREDICTIVE = pool("autoscaling.predictive.enabled", true);

    record Case(String name, PoolState state, AgentPool policy, Signals signals, Forecast forecast, int expected,
            ReasonCode reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        PoolState five = PoolState.initial(5, 0);
        return Stream.of(
                new Case("unobserved, the ready count is the serving one, not the warm ones", PoolState.initial(5, 10),
                        pool("prewarmPercent", 10, "autoscaling.metrics", List.of(Map.of("type", "ttft-p95",
                                "target", "500ms"))), Signals.none().with(MetricType.TTFT_P95, 0.75), null,
                        8, ReasonCode.REACTIVE), // 0.75 / 0.5 = 1.5; ceil(1.5 * 5) = 8, not ceil(1.5 * 15)
                new Case("nor for the tolerance band", PoolState.initial(5, 10), pool("prewarmPercent", 10),
                        Signals.none().with(MetricType.CONCURRENT_SESSIONS, 52), null,
                        5, ReasonCode.REACTIVE), // 52 / 5 / 10 = 1.04, within 10%: the 5 ready, not 15
                new Case("reactive wins", five, PREDICTIVE, sessions(230, 5), forecast(T0, 0.9, 0, 40, 40),
                        23, ReasonCode.REACTIVE), // 230 / 5 = 46 per replica; ceil(46 / 10 * 5) = 23 > ceil(40/10)
                new Case("prediction over the cold start wins", five, PREDICTIVE, sessions(50, 5),
                        forecast(T0, 0.9, 0, RAMP), 21, ReasonCode.PREDICTED), // max(h1..h6) = 210; ceil(210/10)
                new Case("a longer cold start reads further", five, pool("autoscaling.predictive.enabled", true,
                        "coldStart", "6m"), sessions(50, 5), forecast(T0, 0.9, 0, RAMP),
                        50, ReasonCode.PREDICTED), // h1..h7 now: 500 / 10
                new Case("a cold start between steps", five, pool("autoscaling.predictive.enabled", true,
                        "coldStart", "90s"), sessions(50, 5), forecast(T0, 0.9, 0, RAMP), 15, ReasonCode.PREDICTED),
                // h1..h3: step h3 starts at now + 2m, before the next decision's replicas serve (now + 2.5m): 150/10
                new Case("no cold start covers the current step only", five, pool("autoscaling.predictive.enabled",
                        true, "coldStart", "0s"), sessions(50, 5), forecast(T0, 0.9, 0, RAMP), 10, ReasonCode.PREDICTED),
                // h1 = 100: ceil(100 / 10)
                new Case("quantile level from availability 99.5", five, PREDICTIVE, sessions(50, 5),
                        forecast(T0, 0.9, 1, 300), 60, ReasonCode.PREDICTED), // 300 * (1 + 0.99) = 597; ceil(59.7)
                new Case("quantile level from availability 97", five, pool("autoscaling.predictive.enabled", true,
                        "slo.availabilityPercent", 97), sessions(50, 5), forecast(T0, 0.9, 1, 300),
                        59, ReasonCode.PREDICTED), // 300 * (1 + 0.94) = 582; ceil(58.2)
                new Case("low confidence is ignored", five, PREDICTIVE, sessions(50, 5), forecast(T0, 0.5, 0, RAMP),
                        5, ReasonCode.LOW_CONFIDENCE), // 0.5 < minConfidence 0.7: reactive 50 / 10 = 5
                new Case("confidence at the threshold is used", five, PREDICTIVE, sessions(50, 5),
                        forecast(T0, 0.7, 0, RAMP), 21, ReasonCode.PREDICTED),
                new Case("prediction disabled", five, pool(), sessions(50, 5), forecast(T0, 0.9, 0, RAMP),
                        5, ReasonCode.REACTIVE),
                new Case("enabled without a forecast", five, PREDICTIVE, sessions(50, 5), null,
                        5, ReasonCode.NO_FORECAST),
                new Case("schedule floor wins", five, pool("autoscaling.predictive.schedules",
                        List.of(Map.of("name", "hourly", "cron", "0 * * * *", "replicas", 30))), sessions(50, 5), null,
                        30, ReasonCode.SCHEDULE_FLOOR), // fired 10:00 at T0 = 10:00
                new Case("a peak before new replicas could be ready orders only what they can serve", five,
                        PREDICTIVE, sessions(50, 5), forecast(T0, 0.9, 0, EARLY_PEAK), 12, ReasonCode.PREDICTED),
                // keep window h1..h6 peaks at h2 = 300 (30 replicas), but replicas ordered now serve from h6 = 120:
                // max(ceil(120/10), min(30, 5 current + 0 warm)) = 12
                new Case("the peak keeps replicas already ordered", Fixtures.state(20, 0, List.of(), List.of(),
                        null), PREDICTIVE, sessions(50, 20), forecast(T0, 0.9, 0, EARLY_PEAK), 20,
                        ReasonCode.PREDICTED), // max(12, min(30, 20)) = 20: shrinking would remove them at once
                new Case("above the peak's need the pool shrinks to it", Fixtures.state(40, 0, List.of(), List.of(),
                        null), PREDICTIVE, sessions(50, 40), forecast(T0, 0.9, 0, EARLY_PEAK), 30,
                        ReasonCode.PREDICTED), // max(12, min(30, 40)) = 30
                new Case("warm replicas serve the early peak at once", Fixtures.state(20, 6, List.of(), List.of(),
                        null), PREDICTIVE, sessions(50, 20), forecast(T0, 0.9, 0, EARLY_PEAK), 26,
                        ReasonCode.PREDICTED), // max(12, min(30, 20 + 6 warm)) = 26
                new Case("no signal keeps the current count", PoolState.initial(7, 0), PREDICTIVE, Signals.none(),
                        null, 7, ReasonCode.NO_SIGNAL),
                new Case("a missing metric is said", five, pool(), Signals.none().withReady(5), null,
                        5, ReasonCode.METRIC_MISSING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void merge(Case c) {
        Decision d = Planner.plan(c.state(), c.signals(), c.forecast(), c.policy(), T0);
        assertThat(d.desired()).isEqualTo(c.expected());
        assertThat(d.codes()).contains(c.reason());
    }

    @ParameterizedTest(name = "{0} serving, {1} warm")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "5|0|replicas started now serve from 2024-06-12T10:05:00Z, where q0.9950 = 120 asks for 12 (q0.9950 of the "
                + "forecast over the next 5m = 300, / 10 per replica = 30: the earlier steps are served by the "
                + "replicas already ordered)",
        "20|0|q0.9950 of the forecast over the next 5m = 300, / 10 per replica = 30; replicas started now serve from "
                + "2024-06-12T10:05:00Z, where q0.9950 = 120 asks for 12: keep 20",
        "20|6|q0.9950 of the forecast over the next 5m = 300, / 10 per replica = 30; replicas started now serve from "
                + "2024-06-12T10:05:00Z, where q0.9950 = 120 asks for 12: keep 20 and activate 6 of 6 warm",
        "40|0|q0.9950 of the forecast over the next 5m = 300, / 10 per replica = 30"})
    void thePredictionSaysWhichStepsItOrdersFor(int serving, int warm, String message) {
        Decision d = Planner.plan(Fixtures.state(serving, warm, List.of(), List.of(), null), sessions(50, serving),
                forecast(T0, 0.9, 0, EARLY_PEAK), PREDICTIVE, T0);
        assertThat(d.reasons()).filteredOn(r -> r.code() == ReasonCode.PREDICTED).extracting(Reason::message)
                .containsExactly(message);
    }
}
