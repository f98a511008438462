package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.neuronetes.scheduler.spec.AgentClassParser;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.scheduler.spec.ParseResult;
import io.neuronetes.scheduler.spec.ToolBindingParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example resources under k8s/examples: each is valid for the scheduler's parser and for its CRD's schema,
 * and together they cover the autoscaling guide's examples. Invalid specs are rejected by both the schema and
 * the parser, so the API server refuses what the scaler would refuse wherever the schema can say it.
 */
class ExampleResourcesTest {

    static final Path GUIDE = Path.of("..", "..", "shared", "spec", "autoscaling-guide.md");
    static final Map<String, String> PLURAL = Map.of("AgentPool", "agentpools", "AgentClass", "agentclasses",
            "ToolBinding", "toolbindings");

    static List<YamlDocs.Doc> neuronetesExamples() {
        return YamlDocs.readAll(MockCluster.K8S.resolve("examples")).stream()
                .filter(d -> PLURAL.containsKey(d.kind())).toList();
    }

    static Stream<Named<YamlDocs.Doc>> examples() {
        return neuronetesExamples().stream().map(d -> Named.of(d.toString(), d));
    }

    static ParseResult<?> parse(String kind, Object tree) {
        return switch (kind) {
            case "AgentPool" -> new AgentPoolParser().parse(tree);
            case "AgentClass" -> new AgentClassParser().parse(tree);
            case "ToolBinding" -> new ToolBindingParser().parse(tree);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleIsValidForTheParserAndTheCrdSchema(YamlDocs.Doc doc) {
        assertThat(parse(doc.kind(), doc.tree()).errors()).isEmpty();
        JSONSchemaProps schema = CrdSchemaTest.schema(PLURAL.get(doc.kind()));
        assertThat(SchemaValidator.validate(schema, doc.tree())).isEmpty();
    }

    /** Every complete resource of the guide (kind and name) has an example with that name containing it. */
    @Test
    void everyGuideResourceHasAnExampleThatContainsIt() throws IOException {
        List<Map<?, ?>> guide = guideBlocks().stream().filter(b -> b.containsKey("kind")).toList();
        assertThat(guide).hasSizeGreaterThanOrEqualTo(9);
        for (Map<?, ?> block : guide) {
            String name = String.valueOf(((Map<?, ?>) block.get("metadata")).get("name"));
            YamlDocs.Doc example = neuronetesExamples().stream()
                    .filter(d -> d.kind().equals(block.get("kind")) && d.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no example for " + block.get("kind") + " " + name));
            Map<String, Object> expected = new java.util.LinkedHashMap<>();
            block.forEach((k, v) -> expected.put(String.valueOf(k), v));
            expected.remove("metadata"); // name matched above; the namespace is the example's own
            assertThat(YamlDocs.contains(example.tree(), expected)).as(example + " contains the guide's " + name)
                    .isTrue();
        }
    }

    /** Every metric of the guide's metric snippets (type, target, window) is in some example pool. */
    @Test
    void everyGuideMetricExampleIsInAnExamplePool() throws IOException {
        List<Object> guideMetrics = new ArrayList<>();
        for (Map<?, ?> block : guideBlocks()) {
            Object autoscaling = block.get("spec") instanceof Map<?, ?> spec ? spec.get("autoscaling")
                    : block.get("autoscaling");
            Object metrics = block.containsKey("metrics") ? block.get("metrics")
                    : autoscaling instanceof Map<?, ?> a ? a.get("metrics") : null;
            if (metrics instanceof List<?> list) {
                list.stream().filter(m -> m instanceof Map<?, ?> mm && mm.containsKey("target"))
                        .forEach(guideMetrics::add);
            }
        }
        assertThat(guideMetrics).hasSizeGreaterThanOrEqualTo(11);
        List<Object> exampleMetrics = neuronetesExamples().stream().filter(d -> d.kind().equals("AgentPool"))
                .map(d -> ((Map<?, ?>) ((Map<?, ?>) d.tree().get("spec")).get("autoscaling")).get("metrics"))
                .filter(List.class::isInstance).flatMap(l -> ((List<?>) l).stream()).map(m -> (Object) m).toList();
        for (Object metric : guideMetrics) {
            assertThat(exampleMetrics.stream().anyMatch(m -> YamlDocs.contains(m, metric)))
                    .as("guide metric " + metric + " in an example pool").isTrue();
        }
    }

    /** Each spec is refused by the CRD schema (at the field named) and by the parser. */
    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void invalidSpecsAreRejectedByTheSchemaAndTheParser(String spec, String schemaPath, String parserPath) {
        Object tree = YamlDocs.parse("""
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: bad, namespace: agents}
                spec:
                """ + spec.indent(2));
        List<String> schemaErrors = SchemaValidator.validate(CrdSchemaTest.schema("agentpools"), tree);
        assertThat(schemaErrors).anyMatch(e -> e.startsWith(schemaPath + ":"));
        assertThat(parse("AgentPool", tree).errors()).anyMatch(e -> e.path().equals(parserPath));
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of(Named.of("negative minimum", "minReplicas: -1"), "spec.minReplicas",
                        "spec.minReplicas"),
                Arguments.of(Named.of("prewarm above 100%", "prewarmPercent: 150"), "spec.prewarmPercent",
                        "spec.prewarmPercent"),
                Arguments.of(Named.of("unknown metric type",
                        "autoscaling: {metrics: [{type: cpu, target: \"80\"}]}"),
                        "spec.autoscaling.metrics[0].type", "spec.autoscaling.metrics[0].type"),
                Arguments.of(Named.of("duration without unit",
                        "autoscaling: {metrics: [{type: queue-depth, target: \"20\", averagingWindow: \"30\"}]}"),
                        "spec.autoscaling.metrics[0].averagingWindow",
                        "spec.autoscaling.metrics[0].averagingWindow"),
                Arguments.of(Named.of("target not a number", "autoscaling: {metrics: [{type: queue-depth, "
                        + "target: lots}]}"), "spec.autoscaling.metrics[0].target",
                        "spec.autoscaling.metrics[0].target"),
                Arguments.of(Named.of("unknown strategy", "autoscaling: {strategy: median}"),
                        "spec.autoscaling.strategy", "spec.autoscaling.strategy"),
                Arguments.of(Named.of("period above 30 min", "autoscaling: {behavior: {scaleUp: "
                        + "{periodSeconds: 3600}}}"), "spec.autoscaling.behavior.scaleUp.periodSeconds",
                        "spec.autoscaling.behavior.scaleUp.periodSeconds"),
                Arguments.of(Named.of("scale-down above 100%", "autoscaling: {behavior: {scaleDown: "
                        + "{maxChangePercent: 150}}}"), "spec.autoscaling.behavior.scaleDown.maxChangePercent",
                        "spec.autoscaling.behavior.scaleDown.maxChangePercent"),
                Arguments.of(Named.of("confidence above 1", "autoscaling: {predictive: {minConfidence: 1.5}}"),
                        "spec.autoscaling.predictive.minConfidence", "spec.autoscaling.predictive.minConfidence"),
                Arguments.of(Named.of("unknown budget action", "autoscaling: {costConstraints: {dailyBudget: 10, "
                        + "costPerReplicaHour: 1, onBudgetExceeded: [panic]}}"),
                        "spec.autoscaling.costConstraints.onBudgetExceeded[0]",
                        "spec.autoscaling.costConstraints.onBudgetExceeded[0]"),
                Arguments.of(Named.of("required SLO headroom of 100%", "autoscaling: {sloTarget: {scaleDownSafety: "
                        + "{requireHeadroom: 100}}}"), "spec.autoscaling.sloTarget.scaleDownSafety.requireHeadroom",
                        "spec.autoscaling.sloTarget.scaleDownSafety.requireHeadroom"),
                Arguments.of(Named.of("unknown workload kind", "targetRef: {kind: DaemonSet}"),
                        "spec.targetRef.kind", "spec.targetRef.kind"),
                Arguments.of(Named.of("misspelt field", "maxReplica: 5"), "spec.maxReplica", "spec.maxReplica"));
    }

    /** The YAML blocks of the guide that parse as mappings. */
    static List<Map<?, ?>> guideBlocks() throws IOException {
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(GUIDE));
        List<Map<?, ?>> blocks = new ArrayList<>();
        while (m.find()) {
            if (YamlDocs.parse(m.group(1)) instanceof Map<?, ?> map) {
                blocks.add(map);
            }
        }
        return blocks;
    }
}
