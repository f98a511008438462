package io.neuronetes.scheduler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentPoolParserTest {

    private final AgentPoolParser parser = new AgentPoolParser();

    @Test
    void everyFieldOfTheGuideBindsToTypedValues() {
        ParseResult<AgentPool> result = parser.parse(Docs.load("every-field.yaml"));
        assertThat(result.errors()).isEmpty();
        AgentPool p = result.orThrow();
        assertThat(p.name()).isEqualTo("every-field");
        assertThat(p.namespace()).isEqualTo("agents");
        assertThat(p.minReplicas()).isEqualTo(2);
        assertThat(p.maxReplicas()).isEqualTo(50);
        assertThat(p.warmTarget()).isEqualTo(10); // 20% of 50
        assertThat(p.targetRef()).isEqualTo(new TargetRef(WorkloadKind.STATEFUL_SET, "llm-workers"));
        assertThat(p.coldStart()).isEqualTo(Duration.ofMinutes(4));
        assertThat(p.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(p.slo()).isEqualTo(new Slo(Duration.ofMillis(500), 50.0, Duration.ofSeconds(2), 99.5));
        assertThat(p.toolBindingRef()).isEqualTo("queue-autoscale");
        Autoscaling a = p.autoscaling();
        assertThat(a.metrics()).extracting(MetricSpec::type).containsExactly(MetricType.values());
        assertThat(a.metrics().get(1).target().value()).isEqualTo(0.8); // 800ms in seconds
        assertThat(a.metrics().get(5).target().value()).isEqualTo(4000);
        assertThat(a.metrics().get(5).averagingWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(a.strategy()).isEqualTo(Strategy.MAX);
        assertThat(a.behavior().scaleUp()).isEqualTo(new ScalingRules(Duration.ofSeconds(60), 100.0, 5, 30));
        assertThat(a.behavior().scaleDown()).isEqualTo(new ScalingRules(Duration.ofSeconds(300), 50.0, 2, 120));
        assertThat(a.cooldownPeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.useWarmPool()).isTrue();
        assertThat(a.replenishStrategy()).isEqualTo(new ReplenishStrategy(Duration.ofSeconds(30), 2));
        assertThat(a.predictive()).isEqualTo(new Predictive(true, Duration.ofDays(7), 10, 0.7, List.of(
                new Schedule("business-hours", "0 8 * * 1-5", 20), new Schedule("off-hours", "0 18 * * *", 5))));
        assertThat(a.sloTarget()).isEqualTo(new SloTarget(true, 20, new BreachResponse(true, 10),
                new ScaleDownSafety(50, Duration.ofMinutes(10))));
        assertThat(a.costConstraints()).isEqualTo(new CostConstraints(100.0, 1000.0, List.of(BudgetAction.SCALE_TO_MIN,
                BudgetAction.USE_FALLBACK_MODEL, BudgetAction.ENABLE_SPOT), new Optimization(true, 5.0,
                        new DynamicModelSelection(true, 0.5)), 4.0));
        assertThat(a.spotStrategy()).isEqualTo(new SpotStrategy(true, 70, new OnInterruption(
                InterruptionAction.MIGRATE_TO_ON_DEMAND, Duration.ofSeconds(30)),
                List.of("g4dn.12xlarge", "g5.12xlarge", "p3.8xlarge")));
        assertThat(a.externalMetrics()).containsExactly(new ExternalMetric("datadog-queue-depth",
                "avg:queue.depth{service:agents}", new Quantity(100, "100")));
    }

    @Test
    void anEmptySpecTakesEveryDefault() {
        AgentPool p = parser.parse(Docs.minimal()).orThrow();
        assertThat(p.namespace()).isEqualTo("default");
        assertThat(p.minReplicas()).isEqualTo(AgentPool.DEFAULT_MIN_REPLICAS);
        assertThat(p.maxReplicas()).isEqualTo(AgentPool.DEFAULT_MAX_REPLICAS);
        assertThat(p.prewarmPercent()).isZero();
        assertThat(p.autoscaling()).isEqualTo(Autoscaling.defaults());
        assertThat(p.targetRef()).isEqualTo(new TargetRef(WorkloadKind.DEPLOYMENT, "p"));
        assertThat(p.coldStart()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(p.slo()).isEqualTo(Slo.defaults());
        assertThat(p.agentClassRef()).isNull();
    }

    @Test
    void theGuidesOwnExamplesParse() {
        Map<String, Object> queuePool = Docs.yaml("""
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata:
                  name: queue-pool
                spec:
                  autoscaling:
                    metrics:
                      - type: tokens-in-queue
                        target: "1000"
                        averagingWindow: 30s
                """);
        assertThat(parser.parse(queuePool).errors()).isEmpty();
    }

    static Stream<Arguments> badValues() {
        String s = "spec.autoscaling.";
        return Stream.of(
                bad("negative minReplicas", "spec.minReplicas", -1, "spec.minReplicas", "must be >= 0"),
                bad("fractional maxReplicas", "spec.maxReplicas", 2.5, "spec.maxReplicas", "whole number"),
                bad("min above max", "spec.minReplicas", 60, "spec.maxReplicas", "must be >= minReplicas (60)"),
                bad("prewarm above 100", "spec.prewarmPercent", 120, "spec.prewarmPercent", "between 0 and 100"),
                bad("unknown metric type", s + "metrics[0].type", "gpu-util", s + "metrics[0].type",
                        "expected one of tokens-in-queue, ttft-p95"),
                bad("zero target", s + "metrics[0].target", "0", s + "metrics[0].target", "must be > 0"),
                bad("ttft target without unit", s + "metrics[1].target", "800", s + "metrics[1].target",
                        "expected a duration"),
                bad("word as target", s + "metrics[2].target", "lots", s + "metrics[2].target", "expected a number"),
                bad("averaging window without unit", s + "metrics[0].averagingWindow", "30", s
                        + "metrics[0].averagingWindow", "expected a duration"),
                bad("duplicate metric type", s + "metrics[2].type", "tokens-in-queue", s + "metrics[2].type",
                        "duplicate metric type"),
                bad("unknown strategy", s + "strategy", "median", s + "strategy", "expected one of max, min, average"),
                bad("negative window", s + "behavior.scaleUp.stabilizationWindow", "-5s",
                        s + "behavior.scaleUp.stabilizationWindow", "expected a duration"),
                bad("scale-down percent above 100", s + "behavior.scaleDown.maxChangePercent", 150,
                        s + "behavior.scaleDown.maxChangePercent", "between 0 and 100"),
                bad("zero absolute change", s + "behavior.scaleUp.maxChangeAbsolute", 0,
                        s + "behavior.scaleUp.maxChangeAbsolute", "must be >= 1"),
                bad("period too long", s + "behavior.scaleDown.periodSeconds", 3600,
                        s + "behavior.scaleDown.periodSeconds", "between 1 and 1800"),
                bad("cooldown as word", s + "cooldownPeriod", "soon", s + "cooldownPeriod", "expected a duration"),
                bad("warm pool flag as word", s + "useWarmPool", "yes", s + "useWarmPool", "expected true or false"),
                bad("zero batch", s + "replenishStrategy.batchSize", 0, s + "replenishStrategy.batchSize",
                        "must be >= 1"),
                bad("lookback under a day", s + "predictive.lookbackWindow", "2h", s + "predictive.lookbackWindow",
                        "between 1d and 90d"),
                bad("horizon zero", s + "predictive.horizonMinutes", 0, s + "predictive.horizonMinutes",
                        "between 1 and 1440"),
                bad("confidence above 1", s + "predictive.minConfidence", 1.5, s + "predictive.minConfidence",
                        "between 0 and 1"),
                bad("six-field cron", s + "predictive.schedules[1].cron", "0 0 18 * * *",
                        s + "predictive.schedules[1].cron", "expected five fields"),
                bad("hour 25", s + "predictive.schedules[1].cron", "0 25 * * *", s + "predictive.schedules[1].cron",
                        "invalid cron"),
                bad("schedule above max", s + "predictive.schedules[0].replicas", 60,
                        s + "predictive.schedules[0].replicas", "must be <= maxReplicas (50)"),
                bad("duplicate schedule name", s + "predictive.schedules[1].name", "business-hours",
                        s + "predictive.schedules[1].name", "duplicate schedule name"),
                bad("negative headroom", s + "sloTarget.headroomPercent", -5, s + "sloTarget.headroomPercent",
                        "between 0 and 1000"),
                bad("zero max scale-up", s + "sloTarget.breachResponse.maxScaleUp", 0,
                        s + "sloTarget.breachResponse.maxScaleUp", "must be >= 1"),
                bad("check duration as number", s + "sloTarget.scaleDownSafety.checkDuration", 10,
                        s + "sloTarget.scaleDownSafety.checkDuration", "expected a duration"),
                bad("negative cost cap", s + "costConstraints.maxCostPerHour", -1, s + "costConstraints.maxCostPerHour",
                        "must be >= 0"),
                bad("unknown budget action", s + "costConstraints.onBudgetExceeded[1]", "panic",
                        s + "costConstraints.onBudgetExceeded[1]", "expected one of scale-to-min"),
                bad("cap without a price", s + "costConstraints.costPerReplicaHour", 0,
                        s + "costConstraints.costPerReplicaHour", "must be > 0 when maxCostPerHour"),
                bad("cost threshold zero", s + "costConstraints.optimization.dynamicModelSelection.costThreshold", 0,
                        s + "costConstraints.optimization.dynamicModelSelection.costThreshold", "must be > 0"),
                bad("spot percent above 100", s + "spotStrategy.maxSpotPercent", 101, s + "spotStrategy.maxSpotPercent",
                        "between 0 and 100"),
                bad("unknown interruption action", s + "spotStrategy.onInterruption.action", "pray",
                        s + "spotStrategy.onInterruption.action", "expected one of migrate-to-on-demand"),
                bad("instance type not a string", s + "spotStrategy.instanceTypes[2]", List.of(1),
                        s + "spotStrategy.instanceTypes[2]", "expected an instance type name"),
                bad("external metric without query", s + "externalMetrics[0].query", Docs.REMOVE,
                        s + "externalMetrics[0].query", "is required"),
                bad("unknown time zone", "spec.timeZone", "Mars/Olympus", "spec.timeZone", "unknown time zone"),
                bad("cold start too long", "spec.coldStart", "7h", "spec.coldStart", "at most 6h"),
                bad("target kind", "spec.targetRef.kind", "DaemonSet", "spec.targetRef.kind",
                        "expected one of Deployment, StatefulSet"),
                bad("availability 100", "spec.slo.availabilityPercent", 100, "spec.slo.availabilityPercent",
                        "between 50 and 99.999"),
                bad("slo and class", "spec.agentClassRef", "slo-agent", "spec.slo", "either slo or agentClassRef"),
                bad("misspelt field", s + "behavior.scaleUp.maxChangePercents", 5,
                        s + "behavior.scaleUp.maxChangePercents", "unknown field"),
                bad("upper-case name", "metadata.name", "Pool", "metadata.name", "DNS-1123"),
                bad("wrong kind", "kind", "AgentClass", "kind", "expected AgentPool"),
                bad("wrong version", "apiVersion", "neuronetes.io/v2", "apiVersion", "expected neuronetes.io/v1alpha1"),
                bad("prediction without an additive metric", s + "metrics", List.of(Map.of("type", "ttft-p95",
                        "target", "500ms")), s + "predictive.enabled", "needs an additive metric"),
                bad("replenish delay as word", s + "replenishStrategy.delay", "later", s + "replenishStrategy.delay",
                        "expected a duration"),
                bad("predictive flag as number", s + "predictive.enabled", 1, s + "predictive.enabled",
                        "expected true or false"),
                bad("schedule without replicas", s + "predictive.schedules[0].replicas", Docs.REMOVE,
                        s + "predictive.schedules[0].replicas", "is required"),
                bad("slo flag as word", s + "sloTarget.enabled", "on", s + "sloTarget.enabled",
                        "expected true or false"),
                bad("breach flag as word", s + "sloTarget.breachResponse.scaleUpImmediately", "yes",
                        s + "sloTarget.breachResponse.scaleUpImmediately", "expected true or false"),
                bad("negative required headroom", s + "sloTarget.scaleDownSafety.requireHeadroom", -1,
                        s + "sloTarget.scaleDownSafety.requireHeadroom", "between 0 and 100"),
                bad("required headroom never reached", s + "sloTarget.scaleDownSafety.requireHeadroom", 100,
                        s + "sloTarget.scaleDownSafety.requireHeadroom", "must be below 100"),
                bad("zero daily budget", s + "costConstraints.dailyBudget", 0, s + "costConstraints.dailyBudget",
                        "must be > 0"),
                bad("prefer spot as word", s + "costConstraints.optimization.preferSpot", "always",
                        s + "costConstraints.optimization.preferSpot", "expected true or false"),
                bad("zero spot price", s + "costConstraints.optimization.spotMaxPrice", 0,
                        s + "costConstraints.optimization.spotMaxPrice", "must be > 0"),
                bad("spot flag as word", s + "spotStrategy.enabled", "maybe", s + "spotStrategy.enabled",
                        "expected true or false"),
                bad("interruption timeout as number", s + "spotStrategy.onInterruption.timeout", 30,
                        s + "spotStrategy.onInterruption.timeout", "expected a duration"),
                bad("external target negative", s + "externalMetrics[0].target", "-5", s + "externalMetrics[0].target",
                        "must be > 0"),
                bad("external metric as text", s + "externalMetrics[0]", "datadog", s + "externalMetrics[0]",
                        "expected a mapping"),
                bad("prewarm as word", "spec.prewarmPercent", "some", "spec.prewarmPercent", "expected a number"),
                bad("target name", "spec.targetRef.name", "LLM_Workers", "spec.targetRef.name", "DNS-1123"),
                bad("binding name", "spec.toolBindingRef", "Queue Binding", "spec.toolBindingRef", "DNS-1123"),
                bad("ttft zero", "spec.slo.ttft", "0s", "spec.slo.ttft", "must be > 0"),
                bad("namespace", "metadata.namespace", "Agents!", "metadata.namespace", "DNS-1123"),
                bad("autoscaling as list", "spec.autoscaling", List.of(), "spec.autoscaling", "expected a mapping"));
    }

    private static Arguments bad(String name, String field, Object value, String path, String reason) {
        return Arguments.of(name, field, value, path, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueIsRejectedWithItsPathAndReason(String name, String field, Object value, String path,
            String reason) {
        Map<String, Object> doc = Docs.with(Docs.load("every-field.yaml"), field, value);
        ParseResult<AgentPool> result = parser.parse(doc);
        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        Map<String, Object> doc = Docs.load("every-field.yaml");
        Docs.with(doc, "spec.autoscaling.predictive.schedules[1].cron", "61 * * * *");
        Docs.with(doc, "spec.minReplicas", -3);
        Docs.with(doc, "spec.autoscaling.strategy", "median");
        Docs.with(doc, "spec.autoscaling.colour", "blue");
        ParseResult<AgentPool> result = parser.parse(doc);
        assertThat(result.errors()).extracting(FieldError::path).containsExactlyInAnyOrder("spec.minReplicas",
                "spec.autoscaling.strategy", "spec.autoscaling.predictive.schedules[1].cron",
                "spec.autoscaling.colour");
        assertThat(((ParseResult.Invalid<AgentPool>) result).message()).contains(
                "spec.autoscaling.predictive.schedules[1].cron: invalid cron \"61 * * * *\"");
    }

    @Test
    void requiredFieldsAreNamed() {
        ParseResult<AgentPool> result = parser.parse(Docs.yaml("spec: {}"));
        assertThat(result.errors()).extracting(FieldError::toString).containsExactly("apiVersion: is required",
                "kind: is required", "metadata.name: is required");
        assertThat(parser.parse("just text").errors()).extracting(FieldError::toString)
                .contains("(document): expected a mapping, got a string");
    }

    @Test
    void numbersMayBeWrittenAsStringsAndDurationsCombine() {
        Map<String, Object> doc = Docs.minimal();
        Docs.with(doc, "spec.maxReplicas", "30");
        Docs.with(doc, "spec.coldStart", "1m30s");
        AgentPool p = parser.parse(doc).orThrow();
        assertThat(p.maxReplicas()).isEqualTo(30);
        assertThat(p.coldStart()).isEqualTo(Duration.ofSeconds(90));
    }
}
