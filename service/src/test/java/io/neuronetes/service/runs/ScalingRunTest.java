package io.neuronetes.service.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.actuation.ActuationOutcome;
import io.neuronetes.service.actuation.DryRunActuator;
import io.neuronetes.service.actuation.ScaleCommand;
import io.neuronetes.service.actuation.WorkloadObservation;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Runs with the real planner, a scripted metrics source and the dry-run actuator. */
class ScalingRunTest {

    static final Instant T0 = Instant.parse("2024-03-04T12:00:00Z");

    /** A metrics source whose instant answer the test sets. */
    static final class Scripted implements MetricsSource {
        final AtomicReference<MetricOutcome<Double>> answer = new AtomicReference<>(MetricOutcome.value(0.0));

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at) {
            return answer.get();
        }

        @Override
        public MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration step) {
            return MetricOutcome.empty("no history");
        }
    }

    /** The dry-run actuator, remembering the commands it got. */
    static final class Recording extends DryRunActuator {
        final List<ScaleCommand> commands = new ArrayList<>();

        @Override
        public ActuationOutcome apply(ScaleCommand command) {
            commands.add(command);
            return super.apply(command);
        }
    }

    static PoolEntry pool() {
        return pool("");
    }

    static PoolEntry pool(String predictive) {
        return io.neuronetes.service.testsupport.TestPools.chat(predictive);
    }

    static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Scripted source = new Scripted();
    final Recording actuator = new Recording();
    final ScalerMetrics metrics = new ScalerMetrics();
    final MutableClock clock = new MutableClock();
    final ScalingRun run = new ScalingRun(new SignalReader(source, QueryTemplates.builtIn(), Map.of()),
            (e, now) -> ForecastResult.none("no model in this test"), actuator, metrics, clock);
    final PoolRuntime rt = new PoolRuntime(pool(), 50);

    String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runReadsPlansActsAndRecords() throws Exception {
        source.answer.set(MetricOutcome.value(75.0)); // 75 sessions over 1 ready replica, target 10
        RunOutcome o = run.run(rt);
        assertThat(o.status()).isEqualTo(RunOutcome.Status.OK);
        DecisionRecord d = rt.log().last().orElseThrow();
        assertThat(d.desired()).isEqualTo(8); // ceil(75 / 10) = 8 (75 per replica at 1 ready: ratio 7.5)
        assertThat(d.codes()).contains("REACTIVE");
        assertThat(d.actuation().code()).isEqualTo("RECORDED");
        assertThat(actuator.commands).singleElement().satisfies(c -> assertThat(c.replicas()).isEqualTo(8));
        String text = scrape();
        assertThat(text).contains("neuronetes_agentpool_desired_replicas{pool=\"chat\"} 8.0")
                .contains("neuronetes_scale_up_total{pool=\"chat\"} 1.0")
                .contains("neuronetes_agentpool_scale_operations_total{direction=\"up\",pool=\"chat\",reason=\"REACTIVE\"} 1.0")
                .contains("neuronetes_concurrent_sessions{pool=\"chat\",source=\"scaler\"} 75.0")
                .contains("neuronetes_runs_total{outcome=\"ok\",pool=\"chat\"} 1.0");
    }

    /** A cluster's actuator: it observes a workload and answers each command with a given outcome. */
    static final class Cluster implements io.neuronetes.service.actuation.Actuator {
        final WorkloadObservation seen;
        final ActuationOutcome outcome;

        Cluster(WorkloadObservation seen, ActuationOutcome outcome) {
            this.seen = seen;
            this.outcome = outcome;
        }

        @Override
        public String mode() {
            return "kubernetes";
        }

        @Override
        public WorkloadObservation observe(String pool, io.neuronetes.service.actuation.WorkloadRef target) {
            return seen;
        }

        @Override
        public ActuationOutcome apply(ScaleCommand command) {
            return outcome;
        }
    }

    @Test
    void theReplicasGaugeIsThePlannersCountInDryRunAndTheWorkloadsOtherwise() throws Exception {
        source.answer.set(MetricOutcome.value(75.0)); // 75 sessions, target 10: 8 wanted
        run.run(rt); // dry-run: 1 serving, 7 starting in the planner's own model
        assertThat(scrape()).contains("neuronetes_agentpool_replicas{pool=\"chat\"} 1.0");

        WorkloadObservation three = WorkloadObservation.observed(3, 3, 0, 0);
        String[] gauges = new String[3];
        ActuationOutcome[] outcomes = {ActuationOutcome.applied(5, "scaled"), ActuationOutcome.failed("HTTP 500"),
            ActuationOutcome.skipped("standing by")};
        for (int i = 0; i < outcomes.length; i++) {
            ScalerMetrics m = new ScalerMetrics();
            new ScalingRun(new SignalReader(source, QueryTemplates.builtIn(), Map.of()),
                    (e, now) -> ForecastResult.none("no model in this test"), new Cluster(three, outcomes[i]), m,
                    clock).run(new PoolRuntime(pool(), 50));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.write(out);
            gauges[i] = out.toString(StandardCharsets.UTF_8);
        }
        // written: the serving pods the actuator counted; failed or standing by: the 3 observed before the run
        assertThat(gauges[0]).contains("neuronetes_agentpool_replicas{pool=\"chat\"} 5.0");
        assertThat(gauges[1]).contains("neuronetes_agentpool_replicas{pool=\"chat\"} 3.0");
        assertThat(gauges[2]).contains("neuronetes_agentpool_replicas{pool=\"chat\"} 3.0");
    }

    @Test
    void vanishedMetricsNeverScaleDown() throws Exception {
        source.answer.set(MetricOutcome.value(75.0));
        run.run(rt); // up to 8
        clock.now = T0.plusSeconds(30);
        source.answer.set(MetricOutcome.error("chat/concurrent-sessions: unreachable: ConnectException"));
        RunOutcome o = run.run(rt);
        assertThat(o.status()).isEqualTo(RunOutcome.Status.DEGRADED);
        assertThat(o.message()).contains("unreachable");
        DecisionRecord d = rt.log().last().orElseThrow();
        assertThat(d.desired()).isEqualTo(8); // held, although without metrics the planner keeps or lowers
        assertThat(d.problems()).singleElement().satisfies(p -> assertThat(p.kind())
                .isEqualTo(MetricOutcome.Kind.ERROR));
        assertThat(scrape()).contains("neuronetes_run_errors_total{kind=\"error\",pool=\"chat\",stage=\"metrics\"} 1.0")
                .doesNotContain("neuronetes_concurrent_sessions{");
        clock.now = T0.plusSeconds(60);
        source.answer.set(MetricOutcome.invalid("value of {} is NaN"));
        run.run(rt);
        assertThat(rt.log().last().orElseThrow().desired()).isEqualTo(8);
        clock.now = T0.plusSeconds(90);
        source.answer.set(MetricOutcome.value(5.0)); // metrics back and low: now it may scale down
        run.run(rt);
        DecisionRecord back = rt.log().last().orElseThrow();
        assertThat(back.desired()).isLessThan(8);
        assertThat(back.fallback()).isNull();
    }

    @Test
    void emptyMetricHoldsWhilePlannerWouldFollowTheScheduleDownAndSaysSo() {
        PoolRuntime scheduled = new PoolRuntime(pool("""
                    predictive:
                      schedules:
                        - {name: always, cron: "* * * * *", replicas: 2}
                """), 50);
        source.answer.set(MetricOutcome.value(75.0));
        run.run(scheduled); // up to 8: reactive beats the floor of 2
        clock.now = T0.plusSeconds(30);
        source.answer.set(MetricOutcome.empty("no series"));
        Evaluation ev = run.evaluate(scheduled, clock.now,
                io.neuronetes.service.actuation.WorkloadObservation.unknown("test"));
        assertThat(ev.decision().desired()).isLessThan(8); // the planner alone would follow the floor down
        run.run(scheduled);
        DecisionRecord d = scheduled.log().last().orElseThrow();
        assertThat(d.desired()).isEqualTo(8);
        assertThat(d.codes()).contains("SCHEDULE_FLOOR", "FALLBACK_HOLD");
        assertThat(d.fallback()).contains("holding 8 instead of scaling down to " + ev.decision().desired());
    }

    @Test
    void aFirstRunActivatesObservedWarmReplicasButWaitsForStartingOnes() {
        source.answer.set(MetricOutcome.value(40.0)); // 40 sessions over 2 ready replicas, target 10: 4

        Evaluation warm = run.evaluate(rt, T0, WorkloadObservation.observed(2, 2, 2, 0));
        Evaluation starting = run.evaluate(new PoolRuntime(pool(), 50), T0,
                WorkloadObservation.observed(2, 2, 0, 2));

        // 2 ready warm replicas serve at once; 2 pods pending or loading their model serve a cold start later
        assertThat(warm.decision().reasons()).anySatisfy(r -> assertThat(r.message())
                .isEqualTo("2 warm replicas start serving"));
        assertThat(warm.decision().serving()).isEqualTo(4);
        assertThat(starting.decision().reasons()).noneSatisfy(r -> assertThat(r.code())
                .isEqualTo(io.neuronetes.scheduler.plan.ReasonCode.WARM_ACTIVATION));
        assertThat(starting.decision().serving()).isEqualTo(2);
        assertThat(starting.decision().starting()).isEqualTo(2); // the observed ones: none started on top
        assertThat(starting.desired() + starting.warm()).isEqualTo(4);
    }

    @Test
    void overrideHoldsTheSizeUntilItLapses() {
        source.answer.set(MetricOutcome.value(75.0));
        rt.override(new ManualOverride(3, 3, "load test", T0, T0.plusSeconds(60)));
        run.run(rt);
        DecisionRecord d = rt.log().last().orElseThrow();
        assertThat(d.desired()).isEqualTo(3);
        assertThat(d.override()).isTrue();
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r.message()).contains("load test"));
        assertThat(actuator.commands.get(0).override()).isTrue();
        clock.now = T0.plusSeconds(60); // lapsed: the planner resumes from 3
        run.run(rt);
        assertThat(rt.log().last().orElseThrow().override()).isFalse();
        assertThat(rt.log().last().orElseThrow().current()).isEqualTo(3);
    }

    @Test
    void anOverrideIsServedLikeAnyTargetWarmFirstThenColdStarts() {
        source.answer.set(MetricOutcome.value(10.0)); // 10 sessions: 1 replica wanted
        PoolRuntime warmPool = new PoolRuntime(pool("""
                  prewarmPercent: 10
                  coldStart: 2m
                """), 50);
        run.run(warmPool); // 1 serving; the warm pool (10% of 20 = 2) starts
        clock.now = T0.plusSeconds(150);
        run.run(warmPool);
        assertThat(rt(warmPool)).isEqualTo(List.of(1, 2, 0));

        warmPool.override(new ManualOverride(10, 10, "launch", clock.now, clock.now.plusSeconds(900)));
        run.run(warmPool);
        DecisionRecord held = warmPool.log().last().orElseThrow();
        assertThat(held.desired()).isEqualTo(10);
        // 2 warm replicas serve at once, 7 more start cold (ready 2 minutes later), not 10 ready at once
        assertThat(rt(warmPool)).isEqualTo(List.of(3, 0, 7));
        assertThat(held.codes()).contains("WARM_ACTIVATION", "OVERRIDE");

        clock.now = clock.now.plusSeconds(150);
        run.run(warmPool);
        assertThat(rt(warmPool)).isEqualTo(List.of(10, 0, 2)); // the cold starts ended; the warm pool refills
        assertThat(warmPool.log().last().orElseThrow().codes()).contains("WARM_REPLENISH", "OVERRIDE");
        clock.now = clock.now.plusSeconds(150);
        run.run(warmPool);
        assertThat(rt(warmPool)).isEqualTo(List.of(10, 2, 0));
    }

    @Test
    void aStandbyKeepsItsPlannerStateMovingSoThatATakeoverIsWarm() {
        ScalingRun standby = new ScalingRun(new SignalReader(source, QueryTemplates.builtIn(), Map.of()),
                (e, now) -> ForecastResult.none("no model in this test"),
                new Cluster(WorkloadObservation.observed(1, 1, 0, 0), ActuationOutcome.skipped("standing by")),
                new ScalerMetrics(), clock);
        PoolRuntime pool = new PoolRuntime(pool(), 50);
        source.answer.set(MetricOutcome.value(75.0));
        standby.run(pool);
        DecisionRecord first = pool.log().last().orElseThrow();
        assertThat(first.desired()).isEqualTo(8);
        assertThat(pool.state()).isPresent(); // a standby's run is skipped, its planner state kept all the same
        clock.now = T0.plusSeconds(30);
        standby.run(pool);
        assertThat(pool.log().last().orElseThrow().current()).isEqualTo(8); // from its last decision, not afresh
    }

    /** Serving, warm and starting replicas of the pool's last decision. */
    private static List<Integer> rt(PoolRuntime pool) {
        DecisionRecord d = pool.log().last().orElseThrow();
        return List.of(d.serving(), d.warm(), d.starting());
    }

    @Test
    void theConfidenceGateIsExportedOnlyForPoolsWithPredictiveScalingEnabled() throws Exception {
        source.answer.set(MetricOutcome.value(75.0));
        PoolRuntime predictive = new PoolRuntime(pool("""
                    predictive: {enabled: true, minConfidence: 0.6}
                """), 50);
        run.run(predictive); // no model yet: no forecast, the prediction is not used
        assertThat(scrape()).contains("neuronetes_forecast_gate_open{pool=\"chat\"} 0.0")
                .contains("neuronetes_forecast_min_confidence{pool=\"chat\"} 0.6")
                .doesNotContain("neuronetes_forecast_confidence{");

        clock.now = T0.plusSeconds(30);
        run.run(rt); // the same pool, reactive-only now
        assertThat(scrape()).doesNotContain("neuronetes_forecast_gate_open{")
                .doesNotContain("neuronetes_forecast_min_confidence{");
    }

    @Test
    void absentInputsAreNullInTheRecordNotMinusOne() {
        PoolRuntime predictive = new PoolRuntime(pool("""
                    predictive: {enabled: true}
                """), 50);
        source.answer.set(MetricOutcome.empty("no series"));
        run.run(predictive); // no reading, no forecast (so nothing predicted), no schedule
        DecisionRecord d = predictive.log().last().orElseThrow();
        assertThat(d.inputs().reactive()).isNull();
        assertThat(d.inputs().predicted()).isNull();
        assertThat(d.inputs().scheduleFloor()).isNull();
        assertThat(d.forecast().metric()).isNull(); // this test's forecaster names none
        assertThat(d.forecast().modelVersion()).isNull();

        clock.now = T0.plusSeconds(30);
        source.answer.set(MetricOutcome.value(75.0));
        run.run(predictive);
        assertThat(predictive.log().last().orElseThrow().inputs().reactive()).isEqualTo(8); // ceil(75 / 10)
    }

    @Test
    void eachRunOfAPoolWithAnSloCountsWhetherItsMeasuredSloWasMet() throws Exception {
        java.util.Map<String, Object> tree = io.neuronetes.service.pools.YamlDocuments.read("""
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: chat}
                spec:
                  slo: {ttft: 500ms, availabilityPercent: 99.9}
                  autoscaling:
                    metrics:
                      - {type: concurrent-sessions, target: "10", averagingWindow: 1m}
                    sloTarget: {enabled: true}
                """).documents().get(0);
        PoolRuntime slo = new PoolRuntime(new PoolEntry(new io.neuronetes.scheduler.spec.AgentPoolParser()
                .parse(tree).orThrow(), io.neuronetes.service.pools.PoolOrigin.bundled("test"),
                java.util.Optional.empty()), 50);
        source.answer.set(MetricOutcome.value(0.61)); // every query: 0.61 sessions, and a ttft p95 of 610 ms > 500 ms
        run.run(slo);
        assertThat(scrape()).contains("neuronetes_slo_availability_target{pool=\"chat\"} 0.999")
                .contains("neuronetes_slo_checks_total{pool=\"chat\",result=\"missed\"} 1.0")
                .contains("neuronetes_slo_checks_total{pool=\"chat\",result=\"met\"} 0.0");
        clock.now = T0.plusSeconds(30);
        source.answer.set(MetricOutcome.value(0.3)); // 300 ms: met
        run.run(slo);
        clock.now = T0.plusSeconds(60);
        source.answer.set(MetricOutcome.error("chat/slo-ttft-p95: unreachable")); // nothing measured: not a sample
        run.run(slo);
        assertThat(scrape()).contains("neuronetes_slo_checks_total{pool=\"chat\",result=\"met\"} 1.0")
                .contains("neuronetes_slo_checks_total{pool=\"chat\",result=\"missed\"} 1.0");

        clock.now = T0.plusSeconds(90);
        source.answer.set(MetricOutcome.value(0.61));
        run.run(rt); // the same pool without an SLO stage: no target, and its checks stop
        assertThat(scrape()).doesNotContain("neuronetes_slo_availability_target{")
                .contains("neuronetes_slo_checks_total{pool=\"chat\",result=\"missed\"} 1.0");
    }

    /** A command names its pool's document as a resource of the cluster only when it is an AgentPool. */
    @Test
    void onlyAPoolFromAnAgentPoolIsAResourceOfTheCluster() {
        var registry = new io.neuronetes.service.pools.PoolRegistry();
        for (var origin : List.of(io.neuronetes.service.pools.PoolOrigin.file(java.nio.file.Path.of("pools/a.yaml")),
                io.neuronetes.service.pools.PoolOrigin.resource("agents", "b"),
                io.neuronetes.service.pools.PoolOrigin.bundled("demo/c.yaml"))) {
            String name = origin.location().replaceAll(".*[/]", "").replace(".yaml", "");
            registry.added(new io.neuronetes.service.pools.PoolDocument(origin, Map.of("apiVersion",
                    "neuronetes.io/v1alpha1", "kind", "AgentPool", "metadata", Map.of("name", name), "spec",
                    Map.of("maxReplicas", 4, "autoscaling", Map.of("metrics", List.of(Map.of("type",
                            "tokens-in-queue", "target", "1000"))))), "r1"));
        }
        var versions = ScalingRun.specVersions(registry);
        assertThat(registry.pools()).hasSize(3);
        assertThat(versions.apply("a").resource()).isFalse(); // a file
        assertThat(versions.apply("b").resource()).isTrue(); // an AgentPool
        assertThat(versions.apply("c").resource()).isFalse(); // bundled
        assertThat(versions.apply("a").revision()).isEqualTo("r1");
    }
}
