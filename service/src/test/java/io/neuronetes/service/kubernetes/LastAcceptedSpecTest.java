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
 * refused serves it, validated again, and goes on where the leader left off. Each refusal is recorded as one
 * InvalidSpec event, whichever replica meets it. Replicas as {@link StoredOverrideTest} wires them,
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
