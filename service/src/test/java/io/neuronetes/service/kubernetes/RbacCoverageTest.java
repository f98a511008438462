package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.neuronetes.service.actuation.ActuationOutcome;
import io.neuronetes.service.actuation.WorkloadRef;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.service.pools.PoolDocument;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.runs.ManualOverride;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The RBAC in k8s/rbac.yaml allows exactly what the scaler does: every request the scaler's components make in a
 * full scenario (pool source, an override stored on a pool, actuator success and failure paths, a refused spec, a
 * repeated failure, leader election)
 * is allowed by a rule bound to the scaler's ServiceAccount, and every verb of every rule is used by some request.
 */
class RbacCoverageTest {

    /** A rule in effect: one verb on one group/resource, cluster-wide or in one namespace. */
    record Grant(String verb, String group, String resource, String namespace) {
        boolean allows(ApiCall c) {
            return verb.equals(c.verb()) && group.equals(c.group()) && resource.equals(c.rbacResource())
                    && (namespace.isEmpty() || namespace.equals(c.namespace()));
        }
    }

    @Test
    void theRulesCoverExactlyTheCallsTheScalerMakes() throws Exception {
        List<Grant> grants = grants();
        List<ApiCall> calls = scenario();

        List<ApiCall> denied = calls.stream().filter(c -> grants.stream().noneMatch(g -> g.allows(c))).toList();
        Set<Grant> unused = new LinkedHashSet<>(grants);
        calls.forEach(c -> unused.removeIf(g -> g.allows(c)));

        assertThat(calls).hasSizeGreaterThan(20);
        assertThat(denied).as("requests the RBAC does not allow").isEmpty();
        assertThat(unused).as("rules no request uses").isEmpty();
    }

    @Test
    void theCheckNoticesAMissingRule() throws Exception {
        List<Grant> withoutEvents = grants().stream().filter(g -> !g.resource().equals("events")).toList();
        ApiCall event = ApiCall.parse("POST", "/api/v1/namespaces/agents/events", MockCluster.SCALER_AGENT);
        ApiCall lease = ApiCall.parse("PUT", "/apis/coordination.k8s.io/v1/namespaces/other/leases/l",
                MockCluster.SCALER_AGENT);
        assertThat(withoutEvents).noneMatch(g -> g.allows(event));
        assertThat(grants()).noneMatch(g -> g.allows(lease)); // the lease Role is namespaced
    }

    /** The grants bound to the scaler's ServiceAccount by the bindings in k8s/rbac.yaml. */
    static List<Grant> grants() throws Exception {
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(MockCluster.K8S.resolve("rbac.yaml"))) {
            objects = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in);
        }
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof ClusterRoleBinding b && boundToScaler(b.getSubjects())) {
                ClusterRole role = find(objects, ClusterRole.class, b.getRoleRef().getName());
                role.getRules().forEach(r -> expand(r, "", grants));
            } else if (o instanceof RoleBinding b && boundToScaler(b.getSubjects())) {
                Role role = find(objects, Role.class, b.getRoleRef().getName());
                role.getRules().forEach(r -> expand(r, role.getMetadata().getNamespace(), grants));
            }
        }
        return grants;
    }

    private static boolean boundToScaler(List<io.fabric8.kubernetes.api.model.rbac.Subject> subjects) {
        return subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                && s.getName().equals("neuronetes-scaler") && s.getNamespace().equals("neuronetes"));
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static void expand(PolicyRule rule, String namespace, List<Grant> into) {
        for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
                for (String verb : rule.getVerbs()) {
                    into.add(new Grant(verb, group, resource, namespace));
                }
            }
        }
    }

    /** Runs every component against one mock cluster and returns the scaler's requests. */
    static List<ApiCall> scenario() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            var recorder = new ClusterPoolSourceTest.Recorder();
            try (var source = new ClusterPoolSource(cluster.scaler, List.of(), Duration.ZERO,
                    Duration.ofSeconds(10))) {
                source.start(recorder);
                cluster.agentPool(KubernetesActuatorTest.POOL);
                recorder.next();
                storeOverride(cluster, recorder.last);
                actuate(cluster);
            }
            lead(cluster);
            return cluster.allScalerCalls();
        }
    }

    /** An accepted override stored on the pool's AgentPool. */
    private static void storeOverride(MockCluster cluster, PoolDocument pool) {
        var entry = new PoolEntry(new AgentPoolParser().parse(pool.tree()).orThrow(), pool.origin(),
                Optional.empty());
        new AnnotationOverrideStore(cluster.scaler, Leadership.always()).save(entry, new ManualOverride(3, 3,
                "launch", KubernetesActuatorTest.T0, KubernetesActuatorTest.T0.plusSeconds(900)));
    }

    private static void actuate(MockCluster cluster) {
        var actuator = KubernetesActuatorTest.actuator(cluster.scaler, Leadership.always());
        var web = new WorkloadRef("Deployment", "agents", "web");
        cluster.deployment("agents", "web", 2);
        cluster.pod("agents", "web", "p1", NeuronetesApi.SERVING, true, KubernetesActuatorTest.T0.minusSeconds(60));
        cluster.pod("agents", "web", "p2", NeuronetesApi.WARM, true, KubernetesActuatorTest.T0.minusSeconds(30));
        assertThat(actuator.observe("web", web).status()).isEqualTo(
                io.neuronetes.service.actuation.WorkloadObservation.Status.OBSERVED);
        assertThat(actuator.apply(KubernetesActuatorTest.command(web, 2, 2)).status())
                .isEqualTo(ActuationOutcome.Status.APPLIED);
        // at a generation whose newer one is refused: an InvalidSpec event besides the status
        assertThat(actuator.apply(KubernetesActuatorTest.withSpec(KubernetesActuatorTest.command(web, 1, 0),
                KubernetesActuatorTest.refusal(2, List.of(KubernetesActuatorTest.BAD_CRON)))).status())
                .isEqualTo(ActuationOutcome.Status.APPLIED);
        cluster.statefulSet("agents", "db", 1);
        var db = new WorkloadRef("StatefulSet", "agents", "db");
        assertThat(actuator.apply(KubernetesActuatorTest.command(db, 2, 0)).status())
                .isEqualTo(ActuationOutcome.Status.APPLIED);
        var missing = new WorkloadRef("Deployment", "agents", "gone");
        assertThat(actuator.apply(KubernetesActuatorTest.command(missing, 2, 0)).status())
                .isEqualTo(ActuationOutcome.Status.FAILED);
        // the same failure again: counted on the event of the first
        assertThat(actuator.apply(KubernetesActuatorTest.command(missing, 2, 0)).status())
                .isEqualTo(ActuationOutcome.Status.FAILED);
    }

    private static void lead(MockCluster cluster) throws InterruptedException {
        try (var leadership = new LeaseLeadership(cluster.scaler, new LeaseSettings("neuronetes",
                "neuronetes-scaler", "scaler-0", Duration.ofSeconds(2), Duration.ofMillis(1000),
                Duration.ofMillis(200)), Clock.systemUTC())) {
            leadership.start();
            LeaseLeadershipTest.await(leadership::isLeader, "leadership");
            Thread.sleep(500); // renewals
        }
        Thread.sleep(300); // the release
    }
}
