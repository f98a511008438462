package io.neuronetes.service.kubernetes;

import static io.neuronetes.service.kubernetes.KubernetesActuatorTest.condition;
import static io.neuronetes.service.kubernetes.LeaseLeadershipTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.neuronetes.service.kubernetes.StoredOverrideTest.Replica;
import io.neuronetes.service.runs.DecisionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spec an AgentPool was last accepted at outlives the replica that accepted it: the leader stores it in the
 * AgentPool's status ({@code servedSpec}, {@code servedGeneration}), and a replica started while a newer spec is
 * refused serves it, validated again, and goes on where the leader left off. When the stored spec is invalid too, or
 * there is none, the pool is not served and its status says so, without the claims of runs before. Each refusal is
 * recorded as one InvalidSpec event, whichever replica meets it. Replicas as {@link StoredOverrideTest} wires them,
 * each started afresh on one mock API server.
 */
class LastAcceptedSpecTest {

    static final String NS = StoredOverrideTest.NS;
    static final String BAD_CRON = KubernetesActuatorTest.BAD_CRON;

    MockCluster cluster;
    final List<Replica> replicas = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        cluster.deployment(NS, "web", 2);
        cluster.pod(NS, "web", "p1", NeuronetesApi.SERVING, true, StoredOverrideTest.T0.minusSeconds(600));
        cluster.pod(NS, "web", "p2", NeuronetesApi.SERVING, true, StoredOverrideTest.T0.minusSeconds(600));
        cluster.agentPool(KubernetesFaultRunTest.POOL);
    }

    @AfterEach
    void tearDown() {
        replicas.forEach(Replica::close);
        cluster.close();
    }

    /** Starts a replica afresh: it leads (no election), and knows nothing but what the API server holds. */
    Replica start(String identity) {
        Replica r = new Replica(cluster, identity, false);
        replicas.add(r);
        return r;
    }

    void stop(Replica r) {
        r.close();
        replicas.remove(r);
    }

    @Test
    void aReplicaStartedWhileTheSpecIsRefusedServesTheSpecTheLeaderStored() throws Exception {
        Replica leader = start("scaler-a");
        leader.runOnce("web");
        Object accepted = cluster.getPool(NS, "web").get("spec");
        assertThat(status()).containsEntry("servedGeneration", 1).containsEntry("servedSpec", accepted);

        editSpec(spec -> {
            spec.put("maxReplicas", 6);
            autoscaling(spec).put("predictive", Map.of("schedules",
                    List.of(Map.of("name", "morning", "cron", "0 25 * * *", "replicas", 3))));
        });
        await(() -> leader.registry.refused("web").isPresent(), "the refusal of generation 2");
        leader.runOnce("web");
        String refusal = message(PoolStatus.SPEC_ACCEPTED);
        assertThat(refusal).startsWith("the spec of generation 2 was refused and the pool runs on at the spec of "
                + "generation 1: " + BAD_CRON);
        assertThat(status()).containsEntry("servedGeneration", 1).containsEntry("servedSpec", accepted);
        stop(leader);

        Replica restarted = start("scaler-b");

        assertThat(restarted.pool("web").entry().pool().maxReplicas()).isEqualTo(20); // generation 1's, not 6
        assertThat(restarted.registry.refused("web")).hasValueSatisfying(p -> {
            assertThat(p.servedRevision()).contains("generation 1");
            assertThat(p.refusedRevision()).contains("generation 2");
        });
        DecisionRecord first = restarted.runOnce("web");
        assertThat(first.desired()).isEqualTo(8); // ceil(75 / 10), within generation 1's 20
        assertThat(status()).containsEntry("observedGeneration", 1).containsEntry("servedGeneration", 1)
                .containsEntry("servedSpec", accepted);
        assertThat(message(PoolStatus.SPEC_ACCEPTED)).isEqualTo(refusal);
        assertThat(invalidSpecEvents()).containsExactly(refusal); // not recorded again by the restarted replica
    }

    @Test
    void aPoolWhoseStoredSpecIsInvalidTooIsNotServedAndItsStatusSaysSoWithoutTheClaimsOfPastRuns()
            throws Exception {
        Replica leader = start("scaler-a");
        leader.runOnce("web");
        assertThat(status()).containsKeys("desiredReplicas", "reasons");
        assertThat(condition(status(), PoolStatus.ABLE_TO_SCALE)).containsEntry("status", "True");
        stop(leader);
        // While no replica runs: the spec is edited into an invalid one, and the stored one spoilt by hand.
        editSpec(spec -> autoscaling(spec).put("predictive", Map.of("schedules",
                List.of(Map.of("name", "morning", "cron", "0 25 * * *", "replicas", 3)))));
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(NS).withName("web")
                .editStatus(r -> {
                    r.<Map<String, Object>>get("status", "servedSpec").put("minReplicas", -1);
                    return r;
                });

        Replica restarted = start("scaler-b");
        await(() -> !restarted.registry.problems().isEmpty(), "the refusal");
        assertThat(restarted.registry.pools()).isEmpty();
        cluster.scalerCalls();
        restarted.reportNotServed();

        String expected = "the spec of generation 2 was refused and no earlier spec can be served in its place, so "
                + "the pool is not served: " + BAD_CRON;
        assertThat(message(PoolStatus.SPEC_ACCEPTED)).startsWith(expected)
                .contains("; stored last accepted version (generation 1): spec.minReplicas: ");
        assertNotServed(2);
        assertThat(status()).containsEntry("replicas", 2).containsEntry("servedGeneration", 1);
        assertThat(invalidSpecEvents()).containsExactly(message(PoolStatus.SPEC_ACCEPTED));
        assertThat(writes()).isNotEmpty();

        restarted.reportNotServed(); // nothing new: nothing written
        KubernetesActuatorTest.actuator(restarted.client, () -> false).notServed(restarted.registry.problems(),
                StoredOverrideTest.T0); // a standby writes nothing
        assertThat(writes()).isEmpty();

        editSpec(spec -> autoscaling(spec).remove("predictive")); // fixed: generation 3
        restarted.runOnce("web");
        assertThat(status()).containsEntry("observedGeneration", 3).containsEntry("servedGeneration", 3)
                .containsEntry("desiredReplicas", 8);
        assertThat(condition(status(), PoolStatus.SPEC_ACCEPTED)).containsEntry("status", "True");
        assertThat(condition(status(), PoolStatus.ABLE_TO_SCALE)).containsEntry("status", "True");
        restarted.reportNotServed();
        assertThat(condition(status(), PoolStatus.SPEC_ACCEPTED)).containsEntry("status", "True");
    }

    @Test
    void anAgentPoolInvalidFromTheStartGetsAStatusSayingItIsNotServed() throws Exception {
        editSpec(spec -> spec.put("timeZone", "Mars/Olympus"));
        Replica replica = start("scaler-a");
        await(() -> !replica.registry.problems().isEmpty(), "the refusal");

        replica.reportNotServed();

        assertThat(message(PoolStatus.SPEC_ACCEPTED)).startsWith("the spec of generation 2 was refused and no "
                + "earlier spec can be served in its place, so the pool is not served: spec.timeZone: ")
                .doesNotContain("stored");
        assertNotServed(2);
        assertThat(status()).doesNotContainKeys("servedSpec", "servedGeneration", "replicas");
        assertThat(invalidSpecEvents()).singleElement().asString().startsWith("the spec of generation 2");
    }

    /**
     * The status of a pool that is not served: observedGeneration the one refused, AbleToScale, ScalingActive and
     * SpecAccepted False (InvalidSpec), and nothing only a run can claim.
     */
    void assertNotServed(long generation) {
        Map<String, Object> status = status();
        assertThat(status).containsEntry("observedGeneration", (int) generation)
                .doesNotContainKeys("desiredReplicas", "reasons", "servingModel", "confidence");
        List<Map<String, Object>> conditions = cluster.getPool(NS, "web").get("status", "conditions");
        assertThat(conditions).extracting(c -> c.get("type")).containsExactly(PoolStatus.ABLE_TO_SCALE,
                PoolStatus.SCALING_ACTIVE, PoolStatus.SPEC_ACCEPTED);
        assertThat(conditions).allSatisfy(c -> assertThat(c).containsEntry("status", "False")
                .containsEntry("reason", ScaleEventRecorder.INVALID_SPEC));
        assertThat(SchemaValidator.validate(CrdStatusSchemaTest.statusSchema(), status)).isEmpty();
    }

    Map<String, Object> status() {
        return cluster.getPool(NS, "web").get("status");
    }

    String message(String condition) {
        return (String) condition(status(), condition).get("message");
    }

    List<String> invalidSpecEvents() {
        return cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> ScaleEventRecorder.INVALID_SPEC.equals(e.getReason())).map(Event::getMessage).toList();
    }

    /** The scaler's writes since the last look. */
    List<ApiCall> writes() {
        return cluster.scalerCalls().stream().filter(c -> !List.of("get", "list", "watch").contains(c.verb()))
                .toList();
    }

    @SuppressWarnings("unchecked")
    void editSpec(Consumer<Map<String, Object>> change) {
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(NS).withName("web")
                .edit(r -> {
                    change.accept((Map<String, Object>) r.getAdditionalProperties().get("spec"));
                    return r;
                });
    }

    static Map<String, Object> autoscaling(Map<String, Object> spec) {
        return KubernetesModeTest.autoscaling(spec);
    }
}
