package io.neuronetes.service.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuronetes.service.actuation.Active;
import io.neuronetes.service.actuation.ActuationOutcome;
import io.neuronetes.service.actuation.Actuator;
import io.neuronetes.service.actuation.WorkloadRef;
import io.neuronetes.service.observe.ScalerMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.neuronetes.service.pools.PoolDocument;
import io.neuronetes.service.pools.PoolRegistry;
import io.neuronetes.service.pools.PoolSource;
import io.neuronetes.service.runs.PoolRuntime;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The application in kubernetes mode against the Quarkus Kubernetes test server: the configuration selects the
 * Kubernetes actuator and the cluster pool source, leader election starts at start-up and takes the lease, a
 * command scales a Deployment, an override is stored on its AgentPool and its end removes it there, an annotation
 * removed by hand ends the override and the leader runs the pool at once, an event that is behind the API server
 * ends no override, and the leader removes an annotation that lapsed.
 */
@QuarkusTest
@TestProfile(KubernetesModeTest.Mode.class)
@WithKubernetesTestServer(crud = true)
class KubernetesModeTest {

    /** Kubernetes mode with fast leader election. */
    public static final class Mode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return settings("scaler-test");
        }
    }

    /** Kubernetes mode, watching the cluster's pools, with fast leader election under {@code identity}. */
    static Map<String, String> settings(String identity) {
        return Map.of(
                "neuronetes.actuator.mode", "kubernetes",
                "neuronetes.kubernetes.watch-pools", "true",
                "neuronetes.kubernetes.initial-sync-timeout", "5s",
                "neuronetes.kubernetes.leader-election.identity", identity,
                "neuronetes.kubernetes.leader-election.lease-namespace", "neuronetes",
                "neuronetes.kubernetes.leader-election.lease-duration", "2s",
                "neuronetes.kubernetes.leader-election.renew-deadline", "1s",
                "neuronetes.kubernetes.leader-election.retry-period", "200ms");
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    @Active
    Actuator actuator;

    @Inject
    Leadership leadership;

    @Inject
    ScalerMetrics metrics;

    @Inject
    KubernetesClient client;

    @Inject
    @Any
    Instance<PoolSource> poolSources;

    @Inject
    PoolRegistry registry;

    @Inject
    java.time.Clock clock;

    @Inject
    io.neuronetes.service.app.Scaler scaler;

    /** Created, changed and deleted in the cluster: each reaches the registry without a restart. */
    @Test
    void agentPoolsInTheClusterReachThePoolRegistryWithoutARestart() throws Exception {
        assertThat(poolSources.stream().map(PoolSource::name)).contains("kubernetes");
        try (MockCluster fixtures = MockCluster.on(client)) {
            fixtures.agentPool(KubernetesActuatorTest.POOL.replace("name: web", "name: chat"));
            LeaseLeadershipTest.await(() -> registry.pool("chat").isPresent(), "pool chat in the registry");
            assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(10);

            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("agents").withName("chat")
                    .edit(r -> {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
                        spec.put("maxReplicas", 6);
                        return r;
                    });
            LeaseLeadershipTest.await(() -> registry.pool("chat").orElseThrow().pool().maxReplicas() == 6,
                    "the changed maxReplicas of pool chat in the registry");

            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("agents").withName("chat")
                    .delete();
            LeaseLeadershipTest.await(() -> registry.pool("chat").isEmpty(), "pool chat gone");
        }
    }

    /** Resource to scaled workload through the whole service: informer, registry, run loop, planner, actuator. */
    @Test
    void aPoolCreatedInTheClusterScalesItsWorkloadToItsMinimum() throws Exception {
        try (MockCluster fixtures = MockCluster.on(client)) {
            fixtures.deployment("batch", "floor", 0);
            fixtures.agentPool("""
                    apiVersion: neuronetes.io/v1alpha1
                    kind: AgentPool
                    metadata: {name: floor, namespace: batch}
                    spec:
                      minReplicas: 2
                      maxReplicas: 4
                      autoscaling:
                        behavior:
                          scaleUp: {periodSeconds: 1}
                          scaleDown: {periodSeconds: 1}
                    """);
            LeaseLeadershipTest.await(() -> client.apps().deployments().inNamespace("batch").withName("floor")
                    .get().getSpec().getReplicas() == 2, "the run to scale the workload to minReplicas");
            LeaseLeadershipTest.await(() -> fixtures.getPool("batch", "floor").get("status") != null,
                    "the run to write the pool's status");
            Map<String, Object> status = fixtures.getPool("batch", "floor").get("status");
            assertThat(status).containsEntry("desiredReplicas", 2).containsEntry("workloadReplicas", 2);
            assertThat(KubernetesActuatorTest.condition(status, PoolStatus.SCALING_LIMITED))
                    .containsEntry("reason", "BOUNDS");
        }
    }

    /**
     * An AgentPool edited into a spec the CRD lets through but the parser refuses (a cron out of range, generation 2)
     * runs on at generation 1, and its status says so after a run: observedGeneration 1, and SpecAccepted False with
     * the refused generation and the error. A valid edit (generation 3) brings observedGeneration 3 and SpecAccepted
     * True, and the status stores the spec accepted with its generation. The refusal is recorded once as an
     * InvalidSpec Warning event with the condition's message. An AgentPool invalid from the start is never run; the
     * leader writes on it a status that says it is not served (AbleToScale, ScalingActive and SpecAccepted False) and
     * records the refusal once.
     */
    @Test
    void anAgentPoolRunningOnAtItsLastValidGenerationShowsItAndWhyTheNewerOneWasRefused() throws Exception {
        String pool = """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: kept, namespace: edits}
                spec:
                  minReplicas: 1
                  maxReplicas: 4
                  autoscaling:
                    behavior:
                      scaleUp: {periodSeconds: 1}
                      scaleDown: {periodSeconds: 1}
                """;
        String badCron = "{schedules: [{name: morning, cron: \"0 25 * * *\", replicas: 3}]}";
        try (MockCluster fixtures = MockCluster.on(client)) {
            fixtures.deployment("edits", "kept", 1);
            fixtures.agentPool(pool);
            fixtures.agentPool(pool.replace("name: kept", "name: never").replace("    behavior:",
                    "    predictive: " + badCron + "\n    behavior:"));
            LeaseLeadershipTest.await(() -> specAccepted(fixtures, "kept", "True"), "a run of generation 1");
            assertThat(fixtures.getPool("edits", "kept").<Map<String, Object>>get("status"))
                    .containsEntry("observedGeneration", 1);

            editSpec("kept", spec -> autoscaling(spec).put("predictive", Map.of("schedules",
                    List.of(Map.of("name", "morning", "cron", "0 25 * * *", "replicas", 3)))));
            assertThat(fixtures.getPool("edits", "kept").getMetadata().getGeneration()).isEqualTo(2L);
            LeaseLeadershipTest.await(() -> specAccepted(fixtures, "kept", "False"), "a run after the refused edit");
            Map<String, Object> status = fixtures.getPool("edits", "kept").get("status");
            assertThat(status).containsEntry("observedGeneration", 1);
            assertThat(KubernetesActuatorTest.condition(status, PoolStatus.SPEC_ACCEPTED))
                    .containsEntry("reason", "InvalidSpec").extractingByKey("message").asString()
                    .startsWith("the spec of generation 2 was refused and the pool runs on at the spec of "
                            + "generation 1: spec.autoscaling.predictive.schedules[0].cron: "
                            + "invalid cron \"0 25 * * *\"");
            assertThat(invalidSpecEvents("kept")).singleElement().asString()
                    .isEqualTo(KubernetesActuatorTest.condition(status, PoolStatus.SPEC_ACCEPTED).get("message"));

            editSpec("kept", spec -> {
                autoscaling(spec).remove("predictive");
                spec.put("maxReplicas", 6);
            });
            LeaseLeadershipTest.await(() -> specAccepted(fixtures, "kept", "True"), "a run of generation 3");
            status = fixtures.getPool("edits", "kept").get("status");
            assertThat(status).containsEntry("observedGeneration", 3);
            assertThat(KubernetesActuatorTest.condition(status, PoolStatus.SPEC_ACCEPTED))
                    .containsEntry("reason", "Accepted")
                    .containsEntry("message", "the pool runs at the spec of generation 3");
            assertThat(invalidSpecEvents("kept")).hasSize(1); // not one per run
            assertThat(status).containsEntry("servedGeneration", 3);

            assertThat(registry.pool("never")).isEmpty();
            LeaseLeadershipTest.await(() -> specAccepted(fixtures, "never", "False"), "the status of pool never");
            status = fixtures.getPool("edits", "never").get("status");
            assertThat(status).containsEntry("observedGeneration", 1).doesNotContainKeys("desiredReplicas",
                    "servedSpec");
            assertThat(KubernetesActuatorTest.condition(status, PoolStatus.ABLE_TO_SCALE))
                    .containsEntry("status", "False").containsEntry("reason", "InvalidSpec");
            assertThat(KubernetesActuatorTest.condition(status, PoolStatus.SCALING_ACTIVE))
                    .containsEntry("status", "False").containsEntry("reason", "InvalidSpec");
            assertThat(KubernetesActuatorTest.condition(status, PoolStatus.SPEC_ACCEPTED))
                    .extractingByKey("message").asString().startsWith("the spec of generation 1 was refused and "
                            + "no earlier spec can be served in its place, so the pool is not served: "
                            + "spec.autoscaling.predictive.schedules[0].cron: invalid cron \"0 25 * * *\"");
            assertThat(invalidSpecEvents("never")).hasSize(1);
        }
    }

    /** The messages of the InvalidSpec events about AgentPool {@code edits/name}. */
    List<String> invalidSpecEvents(String name) {
        return client.v1().events().inNamespace("edits").list().getItems().stream()
                .filter(e -> ScaleEventRecorder.INVALID_SPEC.equals(e.getReason())
                        && name.equals(e.getInvolvedObject().getName()))
                .map(io.fabric8.kubernetes.api.model.Event::getMessage).toList();
    }

    /** Whether AgentPool {@code edits/name} has a status whose SpecAccepted condition is {@code status}. */
    static boolean specAccepted(MockCluster fixtures, String name, String status) {
        List<Map<String, Object>> conditions = fixtures.getPool("edits", name).get("status", "conditions");
        return conditions != null && conditions.stream().anyMatch(c -> PoolStatus.SPEC_ACCEPTED.equals(c.get("type"))
                && status.equals(c.get("status")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> autoscaling(Map<String, Object> spec) {
        return (Map<String, Object>) spec.get("autoscaling");
    }

    @SuppressWarnings("unchecked")
    void editSpec(String name, java.util.function.Consumer<Map<String, Object>> change) {
        client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("edits").withName(name).edit(r -> {
            change.accept((Map<String, Object>) r.getAdditionalProperties().get("spec"));
            return r;
        });
    }

    /**
     * {@code POST /v1/scale} in kubernetes mode: the override is stored in the AgentPool's annotation before it
     * applies; one that cannot be stored (the API server refuses the write) is refused with 503 and not applied.
     */
    @Test
    void anOverrideIsStoredOnItsAgentPoolAndOneThatCannotBeStoredIsRefusedWith503() throws Exception {
        LeaseLeadershipTest.await(leadership::isLeader, "leadership at start-up");
        try (MockCluster fixtures = MockCluster.on(client)) {
            fixtures.deployment("launch", "chat", 1);
            fixtures.agentPool("""
                    apiVersion: neuronetes.io/v1alpha1
                    kind: AgentPool
                    metadata: {name: chat, namespace: launch}
                    spec: {minReplicas: 1, maxReplicas: 6}
                    """);
            LeaseLeadershipTest.await(() -> registry.pool("chat").isPresent(), "pool chat in the registry");

            override("{\"pool\":\"chat\",\"replicas\":9,\"reason\":\"launch\"}").then().statusCode(200)
                    .body("replicas", equalTo(6)).body("requested", equalTo(9));
            String stored = fixtures.getPool("launch", "chat").getMetadata().getAnnotations()
                    .get(NeuronetesApi.OVERRIDE_ANNOTATION);
            assertThat(OverrideAnnotation.read(stored)).satisfies(o -> {
                assertThat(o.replicas()).isEqualTo(6);
                assertThat(o.requested()).isEqualTo(9);
                assertThat(o.reason()).isEqualTo("launch");
            });

            // Refused, as with RBAC that does not grant patch (the client retries 5xx answers itself).
            String forbidden = "agentpools.neuronetes.io \"chat\" is forbidden: User \"system:serviceaccount:"
                    + "neuronetes:neuronetes-scaler\" cannot patch resource \"agentpools\" in API group "
                    + "\"neuronetes.io\" in the namespace \"launch\"";
            server.expect().patch().withPath("/apis/neuronetes.io/v1alpha1/namespaces/launch/agentpools/chat")
                    .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(forbidden)
                            .build()).once();
            override("{\"pool\":\"chat\",\"replicas\":2,\"reason\":\"wind down\"}").then().statusCode(503)
                    .contentType(ContentType.JSON).body("error", equalTo("override of pool 'chat' not applied: "
                            + "annotation neuronetes.io/override of AgentPool launch/chat could not be written: "
                            + "Kubernetes API error 403: " + forbidden + "; retry"));

            // not half-applied: the first override is still the one in force, here and in the cluster
            given().get("/api/v1/pools/chat").then().statusCode(200).body("pool.override.replicas", equalTo(6))
                    .body("pool.override.reason", equalTo("launch"));
            assertThat(fixtures.getPool("launch", "chat").getMetadata().getAnnotations()
                    .get(NeuronetesApi.OVERRIDE_ANNOTATION)).isEqualTo(stored);
            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("launch").withName("chat")
                    .delete();
        }
    }

    /**
     * {@code DELETE /v1/scale/{pool}} in kubernetes mode: the end is stored by removing the annotation before the
     * override ends; one whose end cannot be stored is refused with 503 and stays in force, here and in the cluster.
     */
    @Test
    void anEndedOverrideIsRemovedFromItsAgentPoolAndAnEndThatCannotBeStoredIsRefusedWith503() throws Exception {
        LeaseLeadershipTest.await(leadership::isLeader, "leadership at start-up");
        try (MockCluster fixtures = MockCluster.on(client)) {
            fixtures.deployment("support", "faq", 1);
            fixtures.agentPool("""
                    apiVersion: neuronetes.io/v1alpha1
                    kind: AgentPool
                    metadata: {name: faq, namespace: support}
                    spec: {minReplicas: 1, maxReplicas: 6}
                    """);
            LeaseLeadershipTest.await(() -> registry.pool("faq").isPresent(), "pool faq in the registry");
            override("{\"pool\":\"faq\",\"replicas\":4,\"reason\":\"launch\"}").then().statusCode(200);
            String stored = fixtures.getPool("support", "faq").getMetadata().getAnnotations()
                    .get(NeuronetesApi.OVERRIDE_ANNOTATION);

            server.expect().patch().withPath("/apis/neuronetes.io/v1alpha1/namespaces/support/agentpools/faq")
                    .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("no patch")
                            .build()).once();
            end("faq").then().statusCode(503).contentType(ContentType.JSON).body("error", equalTo("override of pool "
                    + "'faq' not ended: annotation neuronetes.io/override of AgentPool support/faq could not be "
                    + "removed: Kubernetes API error 403: no patch; retry"));
            given().get("/api/v1/pools/faq").then().statusCode(200).body("pool.override.replicas", equalTo(4));
            assertThat(fixtures.getPool("support", "faq").getMetadata().getAnnotations()
                    .get(NeuronetesApi.OVERRIDE_ANNOTATION)).isEqualTo(stored);

            end("faq").then().statusCode(200).body("ended.replicas", equalTo(4)).body("ended.reason",
                    equalTo("launch"));
            // removed (the mock server keeps the key with a null value, where the API server drops it: RFC 7386)
            assertThat(fixtures.getPool("support", "faq").getMetadata().getAnnotations()
                    .get(NeuronetesApi.OVERRIDE_ANNOTATION)).isNull();
            given().get("/api/v1/pools/faq").then().statusCode(200).body("pool.override", nullValue());
            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("support").withName("faq")
                    .delete();
        }
    }

    /**
     * Removing the annotation by hand ends the override on the leading service, which runs the pool at once, as
     * {@code DELETE /v1/scale/{pool}} does, rather than at its next scheduled run (over 20 minutes away here).
     */
    @Test
    void anAnnotationRemovedByHandEndsTheOverrideAndTheLeaderRunsThePoolAtOnce() throws Exception {
        LeaseLeadershipTest.await(leadership::isLeader, "leadership at start-up");
        // The first scheduled run comes at an offset of the name's hash within the period (Scaler.upserted).
        assertThat(Math.floorMod("hand".hashCode(), 1_800_000L)).isGreaterThan(1_200_000L);
        try (MockCluster fixtures = MockCluster.on(client)) {
            var rt = overridden(fixtures, "hand");
            var held = rt.log().last().orElseThrow();
            assertThat(held.desired()).isEqualTo(4);

            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("launch").withName("hand")
                    .edit(r -> {
                        r.getMetadata().getAnnotations().remove(NeuronetesApi.OVERRIDE_ANNOTATION);
                        return r;
                    });

            LeaseLeadershipTest.await(() -> rt.log().last().orElseThrow() != held,
                    "a run of pool hand after the annotation was removed by hand");
            assertThat(rt.override()).isEmpty();
            assertThat(rt.log().last().orElseThrow().codes()).doesNotContain("OVERRIDE");
            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("launch").withName("hand")
                    .delete();
        }
    }

    /**
     * The leading service ends an override only on what the API server holds. An event showing the pool without its
     * annotation while the annotation is still there (a re-list from a lagging cache, handed to the registry here)
     * ends nothing: the run it starts at once reads the annotation and holds the override. Once the annotation is
     * removed by hand behind that stale entry (so that no change reaches the pool), the next run reads it gone and
     * ends the override.
     */
    @Test
    void theLeaderEndsAnOverrideOnlyWhenTheApiServerNoLongerHoldsIt() throws Exception {
        LeaseLeadershipTest.await(leadership::isLeader, "leadership at start-up");
        assertThat(Math.floorMod("stale".hashCode(), 1_800_000L)).isGreaterThan(1_200_000L); // no scheduled run
        try (MockCluster fixtures = MockCluster.on(client)) {
            var rt = overridden(fixtures, "stale");
            LeaseLeadershipTest.await(() -> registry.pool("stale").orElseThrow().storedOverride().isPresent(),
                    "the annotation to reach the registry");
            var held = rt.log().last().orElseThrow();

            var r = fixtures.getPool("launch", "stale");
            var tree = new ClusterPoolSource(client, List.of(), Duration.ZERO, Duration.ofSeconds(1)).tree(r);
            registry.changed(new PoolDocument(ClusterPoolSource.origin(r), tree, ClusterPoolSource.revision(r),
                    Optional.empty()));
            LeaseLeadershipTest.await(() -> rt.log().last().orElseThrow() != held, "the run the stale event starts");
            assertThat(rt.override()).isPresent();
            var checked = rt.log().last().orElseThrow();
            assertThat(checked.codes()).contains("OVERRIDE");
            assertThat(checked.desired()).isEqualTo(4);

            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("launch").withName("stale")
                    .edit(p -> {
                        p.getMetadata().getAnnotations().remove(NeuronetesApi.OVERRIDE_ANNOTATION);
                        return p;
                    });
            scaler.runNow("stale");
            LeaseLeadershipTest.await(() -> rt.log().last().orElseThrow() != checked, "a run after the removal");
            assertThat(rt.override()).isEmpty();
            assertThat(rt.log().last().orElseThrow().codes()).doesNotContain("OVERRIDE");
            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("launch").withName("stale")
                    .delete();
        }
    }

    /**
     * A pool NAME in namespace launch whose Deployment has 1 replica, with 30-minute periods (its first scheduled
     * run is more than 20 minutes away), held at 4 by an override through the API; returns once the run that the
     * override starts has decided.
     */
    private PoolRuntime overridden(MockCluster fixtures, String name) throws InterruptedException {
        fixtures.deployment("launch", name, 1);
        fixtures.agentPool("""
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: %s, namespace: launch}
                spec:
                  minReplicas: 1
                  maxReplicas: 6
                  autoscaling:
                    behavior:
                      scaleUp: {periodSeconds: 1800}
                      scaleDown: {periodSeconds: 1800}
                """.formatted(name));
        LeaseLeadershipTest.await(() -> registry.pool(name).isPresent(), "pool " + name + " in the registry");
        override("{\"pool\":\"" + name + "\",\"replicas\":4,\"reason\":\"launch\"}").then().statusCode(200);
        PoolRuntime rt = scaler.runtime(name).orElseThrow();
        LeaseLeadershipTest.await(() -> rt.log().last().filter(d -> d.codes().contains("OVERRIDE")).isPresent(),
                "the run the override starts");
        return rt;
    }

    /** The leading service removes an annotation that lapsed, after a run of its pool. */
    @Test
    void theLeaderRemovesALapsedAnnotationAfterARun() throws Exception {
        LeaseLeadershipTest.await(leadership::isLeader, "leadership at start-up");
        try (MockCluster fixtures = MockCluster.on(client)) {
            fixtures.deployment("batch", "lapsed", 1);
            java.time.Instant at = clock.instant().minusSeconds(3600); // the service's clock (the tests' own)
            fixtures.agentPool("""
                    apiVersion: neuronetes.io/v1alpha1
                    kind: AgentPool
                    metadata:
                      name: lapsed
                      namespace: batch
                      annotations:
                        neuronetes.io/override: '{"replicas":3,"requested":3,"reason":"launch","at":"%s","until":"%s"}'
                    spec:
                      minReplicas: 1
                      maxReplicas: 4
                      autoscaling:
                        behavior:
                          scaleUp: {periodSeconds: 1}
                          scaleDown: {periodSeconds: 1}
                    """.formatted(at, at.plusSeconds(900)));
            LeaseLeadershipTest.await(() -> {
                var annotations = fixtures.getPool("batch", "lapsed").getMetadata().getAnnotations();
                return annotations == null || !annotations.containsKey(NeuronetesApi.OVERRIDE_ANNOTATION);
            }, "the leader to remove the lapsed annotation");
            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("batch").withName("lapsed")
                    .delete();
        }
    }

    static io.restassured.response.Response end(String pool) {
        return given().header("Authorization", "Bearer test-token-0123456789abcdef").delete("/v1/scale/" + pool);
    }

    static io.restassured.response.Response override(String body) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer test-token-0123456789abcdef")
                .body(body).post("/v1/scale");
    }

    @Test
    void theKubernetesActuatorLeadsAndScales() throws Exception {
        assertThat(actuator.mode()).isEqualTo("kubernetes");
        LeaseLeadershipTest.await(leadership::isLeader, "leadership at start-up");
        assertThat(client.leases().inNamespace("neuronetes").withName("neuronetes-scaler").get().getSpec()
                .getHolderIdentity()).isEqualTo("scaler-test");
        ByteArrayOutputStream scraped = new ByteArrayOutputStream();
        metrics.write(scraped);
        assertThat(scraped.toString(StandardCharsets.UTF_8)).contains("\nneuronetes_leader 1.0");

        try (MockCluster fixtures = MockCluster.on(client)) {
            fixtures.agentPool(KubernetesActuatorTest.POOL);
            fixtures.deployment("agents", "web", 1);
            fixtures.pod("agents", "web", "p1", NeuronetesApi.WARM, true, KubernetesActuatorTest.T0);

            ActuationOutcome outcome = actuator.apply(KubernetesActuatorTest.command(
                    new WorkloadRef("Deployment", "agents", "web"), 1, 2));

            assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
            assertThat(client.apps().deployments().inNamespace("agents").withName("web").get().getSpec()
                    .getReplicas()).isEqualTo(3); // 1 serving + 2 warm
            assertThat(fixtures.state("agents", "p1")).isEqualTo(NeuronetesApi.SERVING);
        }
    }
}
