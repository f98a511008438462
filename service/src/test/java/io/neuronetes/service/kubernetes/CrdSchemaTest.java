package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.neuronetes.scheduler.spec.AgentClass;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.Quantity;
import io.neuronetes.scheduler.spec.ToolBinding;
import io.neuronetes.scheduler.spec.YamlEnum;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The CRDs under k8s/crds cannot drift from the scheduler's spec records: the schema of every spec field is
 * walked beside the record component of the same name, by reflection, and they must have the same names, the
 * same nesting and compatible types (records are objects, lists are arrays, YAML enums are string enums with the
 * same spellings, durations and quantities are strings with a pattern).
 */
class CrdSchemaTest {

    /** Record components that are not spec fields: they come from metadata. */
    static final Set<String> FROM_METADATA = Set.of("name", "namespace");
    /** Schema fields the parser accepts and ignores (no record component). */
    static final Set<String> ACCEPTED_AND_IGNORED = Set.of("spec.targetRef.apiVersion");

    static JSONSchemaProps schema(String plural) {
        CustomResourceDefinition crd = MockCluster.crds().stream()
                .filter(c -> c.getSpec().getNames().getPlural().equals(plural)).findFirst().orElseThrow();
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo(NeuronetesApi.VERSION);
        assertThat(crd.getSpec().getGroup()).isEqualTo(NeuronetesApi.GROUP);
        return version.getSchema().getOpenAPIV3Schema();
    }

    @Test
    void agentPoolSchemaMatchesTheSpecRecord() {
        List<String> problems = new ArrayList<>();
        compareRecord(AgentPool.class, schema("agentpools").getProperties().get("spec"), "spec", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void agentClassSchemaMatchesTheSpecRecord() {
        List<String> problems = new ArrayList<>();
        compareRecord(AgentClass.class, schema("agentclasses").getProperties().get("spec"), "spec", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void toolBindingSchemaMatchesTheSpecRecord() {
        List<String> problems = new ArrayList<>();
        compareRecord(ToolBinding.class, schema("toolbindings").getProperties().get("spec"), "spec", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void theComparisonNoticesDrift() {
        // A record with a field the schema lacks, and a schema field the record lacks, of the wrong type.
        record Drifted(int minReplicas, String colour) {
        }
        JSONSchemaProps spec = schema("agentpools").getProperties().get("spec");
        List<String> problems = new ArrayList<>();
        compareRecord(Drifted.class, spec, "spec", problems);
        assertThat(problems).contains("spec.colour: in the record, not in the schema")
                .contains("spec.maxReplicas: in the schema, not in the record");
    }

    @Test
    void theScaleSubresourcePointsAtSchemaFields() {
        CustomResourceDefinition crd = MockCluster.crds().stream()
                .filter(c -> c.getSpec().getNames().getKind().equals("AgentPool")).findFirst().orElseThrow();
        var version = crd.getSpec().getVersions().get(0);
        var scale = version.getSubresources().getScale();
        JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
        assertThat(version.getSubresources().getStatus()).isNotNull();
        for (String path : List.of(scale.getSpecReplicasPath(), scale.getStatusReplicasPath(),
                scale.getLabelSelectorPath())) {
            JSONSchemaProps node = root;
            for (String part : path.substring(1).split("\\.")) {
                node = node.getProperties().get(part);
                assertThat(node).as(path).isNotNull();
            }
        }
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    }

    static void compareRecord(Class<?> record, JSONSchemaProps schema, String path, List<String> problems) {
        if (!"object".equals(schema.getType())) {
            problems.add(path + ": record " + record.getSimpleName() + " but schema type " + schema.getType());
            return;
        }
        Map<String, JSONSchemaProps> props = schema.getProperties();
        Set<String> recordNames = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            if (path.equals("spec") && FROM_METADATA.contains(c.getName())) {
                continue;
            }
            recordNames.add(c.getName());
            JSONSchemaProps p = props.get(c.getName());
            if (p == null) {
                problems.add(path + "." + c.getName() + ": in the record, not in the schema");
            } else {
                compareType(c.getGenericType(), p, path + "." + c.getName(), problems);
            }
        }
        for (String name : props.keySet()) {
            if (!recordNames.contains(name) && !ACCEPTED_AND_IGNORED.contains(path + "." + name)) {
                problems.add(path + "." + name + ": in the schema, not in the record");
            }
        }
    }

    static void compareType(Type type, JSONSchemaProps s, String path, List<String> problems) {
        if (type instanceof ParameterizedType pt && pt.getRawType() == List.class) {
            if (!"array".equals(s.getType())) {
                problems.add(path + ": list in the record, " + s.getType() + " in the schema");
            } else {
                compareType(pt.getActualTypeArguments()[0], s.getItems().getSchema(), path + "[]", problems);
            }
            return;
        }
        Class<?> c = (Class<?>) type;
        if (c.isRecord() && c != Quantity.class) {
            compareRecord(c, s, path, problems);
        } else if (c.isEnum() && YamlEnum.class.isAssignableFrom(c)) {
            Set<String> spellings = Arrays.stream(c.getEnumConstants()).map(e -> ((YamlEnum) e).yamlName())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> schemaEnum = s.getEnum() == null ? Set.of()
                    : s.getEnum().stream().map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
            expect(path, "string enum " + spellings, "string".equals(s.getType()) && spellings.equals(schemaEnum),
                    s, problems);
        } else if (c == Quantity.class) {
            expect(path, "int-or-string with a pattern", Boolean.TRUE.equals(s.getXKubernetesIntOrString())
                    && s.getPattern() != null, s, problems);
        } else if (c == Duration.class) {
            expect(path, "string with a duration pattern", "string".equals(s.getType()) && s.getPattern() != null
                    && s.getPattern().contains("ms|s|m|h|d"), s, problems);
        } else if (c == String.class || c == ZoneId.class) {
            expect(path, "string", "string".equals(s.getType()), s, problems);
        } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            expect(path, "integer", "integer".equals(s.getType()), s, problems);
        } else if (c == double.class || c == Double.class) {
            expect(path, "number", "number".equals(s.getType()), s, problems);
        } else if (c == boolean.class || c == Boolean.class) {
            expect(path, "boolean", "boolean".equals(s.getType()), s, problems);
        } else {
            problems.add(path + ": no schema mapping for " + c.getName());
        }
    }

    private static void expect(String path, String what, boolean ok, JSONSchemaProps s, List<String> problems) {
        if (!ok) {
            problems.add(path + ": expected " + what + ", schema has type " + s.getType() + " enum " + s.getEnum()
                    + " pattern " + s.getPattern());
        }
    }
}
