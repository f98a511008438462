package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.neuronetes.service.actuation.ActuationOutcome;
import io.neuronetes.service.actuation.ScaleCommand;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AgentPool CRD's status schema cannot drift from what the actuator writes: the status of a real run is read
 * back from the API server and validated against the schema with strict field validation (an unknown or
 * mistyped field is an error), every key {@link PoolStatus#toTree} can write is a property of the schema, and
 * every property of the schema is written by the actuator. The mock API server does not prune, so this test is
 * what a real server's pruning would otherwise hide.
 */
class CrdStatusSchemaTest {

    static final String NS = KubernetesActuatorTest.NS;
    static final Instant T0 = KubernetesActuatorTest.T0;

    MockCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        cluster.agentPool(KubernetesActuatorTest.POOL);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    static JSONSchemaProps statusSchema() {
        return CrdSchemaTest.schema("agentpools").getProperties().get("status");
    }

    /** A spec as the registry hands it over with the version served. */
    static final Map<String, Object> SPEC = Map.of("minReplicas", 1, "maxReplicas", 10,
            "targetRef", Map.of("kind", "Deployment", "name", "web"));

    /** A status with every field set, so that every key of the tree is present. */
    static PoolStatus everyField() {
        return new PoolStatus(3, 4, 2, 5, T0, "forest-7", 0.83, "app=web",
                List.of(new PoolStatus.Condition(PoolStatus.ABLE_TO_SCALE, true, "SucceededRescale", "scaled"),
                        new PoolStatus.Condition(PoolStatus.SCALING_ACTIVE, true, "PREDICTED", "forecast"),
                        new PoolStatus.Condition(PoolStatus.SCALING_LIMITED, false, "NoLimit", "none")),
                List.of(new PoolStatus.Reason("PREDICTED", "q0.995 of the forecast")));
    }

    @Test
    void theStatusOfARunIsValidUnderTheSchema() {
        cluster.deployment(NS, "web", 2);
        cluster.pod(NS, "web", "p1", NeuronetesApi.SERVING, true, T0.minusSeconds(600));
        cluster.pod(NS, "web", "p2", NeuronetesApi.WARM, true, T0.minusSeconds(300));
        ScaleCommand run = KubernetesActuatorTest.withSpec(KubernetesActuatorTest.command(KubernetesActuatorTest.WEB,
                2, 2, "PREDICTED", "SCALE_UP_LIMIT"), ScaleCommand.SpecVersion.served("generation 1").withSpec(SPEC));
        ActuationOutcome outcome = KubernetesActuatorTest.actuator(cluster.scaler, Leadership.always()).apply(run);
        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);

        Object written = cluster.getPool(NS, "web").getAdditionalProperties().get("status");
        assertThat(written).as("the run wrote a status").isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) written;
        assertThat(status).containsEntry("servedSpec", SPEC).containsEntry("servedGeneration", 1);
        assertThat(SchemaValidator.validate(statusSchema(), written)).isEmpty();
    }

    /** The status of a pool that is not served, written over that of a run, is valid too. */
    @Test
    void theStatusOfAPoolThatIsNotServedIsValidUnderTheSchema() {
        Map<String, Object> tree = PoolStatus.notServedTree(everyField().toTree(Map.of(), 4L, SPEC, T0), 5L,
                SpecRefusals.notServedConditions(List.of(new io.neuronetes.service.pools.PoolProblem(
                        io.neuronetes.service.pools.PoolOrigin.resource(NS, "web"), "AgentPool",
                        java.util.Optional.of("web"), List.of("spec.minReplicas: must be >= 0, got -1"),
                        java.util.Optional.empty(), java.util.Optional.of("generation 5")))), T0);
        assertThat(SchemaValidator.validate(statusSchema(), tree)).isEmpty();
    }

    @Test
    void everyKeyTheActuatorCanWriteIsInTheSchemaAndEveryPropertyIsWritten() {
        Map<String, Object> tree = everyField().toTree(Map.of(), 4L, SPEC, T0);
        assertThat(SchemaValidator.validate(statusSchema(), tree)).isEmpty();
        assertThat(new TreeSet<>(statusSchema().getProperties().keySet()))
                .as("status properties of the CRD against the keys PoolStatus writes")
                .isEqualTo(new TreeSet<>(tree.keySet()));
        // Conditions and reasons: the item properties are exactly what each item carries.
        @SuppressWarnings("unchecked")
        Map<String, Object> condition = ((List<Map<String, Object>>) tree.get("conditions")).get(0);
        assertThat(new TreeSet<>(statusSchema().getProperties().get("conditions").getItems().getSchema()
                .getProperties().keySet())).isEqualTo(new TreeSet<>(condition.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> reason = ((List<Map<String, Object>>) tree.get("reasons")).get(0);
        assertThat(new TreeSet<>(statusSchema().getProperties().get("reasons").getItems().getSchema()
                .getProperties().keySet())).isEqualTo(new TreeSet<>(reason.keySet()));
    }

    @Test
    void theCheckNoticesAFieldTheSchemaLacksOrMistypes() {
        Map<String, Object> tree = new LinkedHashMap<>(everyField().toTree(Map.of(), 4L, SPEC, T0));
        tree.put("colour", "blue");
        tree.put("replicas", "three");
        tree.put("confidence", 1.5);
        assertThat(SchemaValidator.validate(statusSchema(), tree)).containsExactlyInAnyOrder(
                "colour: unknown field", "replicas: expected integer, got String three",
                "confidence: 1.5 above 1.0");
    }
}
