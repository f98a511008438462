package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuronetes.service.actuation.ActuationOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the service, each with its own API client, Lease election and actuator, driving one workload
 * on the mock API server: only the leader's commands reach the cluster, and when the leader stops the other
 * replica's next command does.
 */
class TwoScalerReplicasTest {

    static final String NS = KubernetesActuatorTest.NS;

    MockCluster cluster;
    Replica a;
    Replica b;

    /** One replica of the service: its client, its leadership and its actuator. */
    record Replica(String identity, KubernetesClient client, LeaseLeadership leadership,
            KubernetesActuator actuator) implements AutoCloseable {

        static Replica start(MockCluster cluster, String identity) {
            KubernetesClient client = cluster.newClient();
            LeaseLeadership leadership = LeaseLeadershipTest.replica(client, identity);
            KubernetesActuator actuator = new KubernetesActuator(leadership,
                    new WorkloadScaler(client, leadership, 3), new WarmPodLabeler(client, leadership),
                    new PoolStatusWriter(client, leadership, 3), new ScaleEventRecorder(client, leadership,
                            identity));
            leadership.start();
            return new Replica(identity, client, leadership, actuator);
        }

        @Override
        public void close() {
            leadership.close();
            client.close();
        }
    }

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        cluster.agentPool(KubernetesActuatorTest.POOL);
        cluster.deployment(NS, "web", 1);
        cluster.pod(NS, "web", "p1", NeuronetesApi.SERVING, true, KubernetesActuatorTest.T0.minusSeconds(600));
        a = Replica.start(cluster, "scaler-a");
        b = Replica.start(cluster, "scaler-b");
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
        cluster.close();
    }

    int workloadReplicas() {
        return cluster.client.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getReplicas();
    }

    List<String> eventReporters() {
        return cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
                .map(Event::getReportingInstance).toList();
    }

    @Test
    void onlyTheLeadersCommandsReachTheClusterAndTheOtherTakesOverWhenItStops() throws Exception {
        LeaseLeadershipTest.await(() -> a.leadership().isLeader() || b.leadership().isLeader(), "a leader");
        Replica leader = a.leadership().isLeader() ? a : b;
        Replica standby = leader == a ? b : a;

        // Only the standby says it stands by (its API then refuses overrides and retrains with 503), naming the
        // lease (and its holder, once it has read it; right after start it says that election is starting).
        assertThat(leader.actuator().standingBy()).isEmpty();
        assertThat(standby.actuator().standingBy()).hasValueSatisfying(why -> assertThat(why)
                .contains("lease neuronetes/neuronetes-scaler"));

        // Both replicas decide; the standby's command (1 serving + 3 warm) must not reach the workload.
        ActuationOutcome skipped = standby.actuator().apply(KubernetesActuatorTest.command(
                KubernetesActuatorTest.WEB, 1, 3));
        assertThat(skipped.status()).isEqualTo(ActuationOutcome.Status.SKIPPED);
        assertThat(workloadReplicas()).isEqualTo(1);
        ActuationOutcome applied = leader.actuator().apply(KubernetesActuatorTest.command(
                KubernetesActuatorTest.WEB, 1, 1));
        assertThat(applied.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(workloadReplicas()).isEqualTo(2);
        assertThat(eventReporters()).containsOnly(leader.identity());
        assertThat(standby.actuator().apply(KubernetesActuatorTest.command(KubernetesActuatorTest.WEB, 1, 3))
                .status()).isEqualTo(ActuationOutcome.Status.SKIPPED);
        assertThat(workloadReplicas()).isEqualTo(2);

        // The leader stops: its next command is skipped, the standby takes the lease and its command lands.
        leader.close();
        assertThat(leader.actuator().apply(KubernetesActuatorTest.command(KubernetesActuatorTest.WEB, 1, 5))
                .status()).isEqualTo(ActuationOutcome.Status.SKIPPED);
        LeaseLeadershipTest.await(() -> standby.leadership().isLeader(), "failover to " + standby.identity());
        ActuationOutcome afterFailover = standby.actuator().apply(KubernetesActuatorTest.command(
                KubernetesActuatorTest.WEB, 1, 3));
        assertThat(afterFailover.status()).as(afterFailover.toString()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(workloadReplicas()).isEqualTo(4);
        assertThat(eventReporters()).containsOnly(leader.identity(), standby.identity());
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) cluster.getPool(NS, "web").getAdditionalProperties()
                .get("status");
        // the mock server runs no controller: the 3 new pods do not exist, so none of them counts as warm yet
        assertThat(status).containsEntry("workloadReplicas", 4).containsEntry("replicas", 1)
                .containsEntry("warmReplicas", 0);
    }
}
