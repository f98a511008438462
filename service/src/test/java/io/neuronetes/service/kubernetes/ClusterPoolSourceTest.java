package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.neuronetes.service.pools.PoolDocument;
import io.neuronetes.service.pools.PoolListener;
import io.neuronetes.service.pools.PoolOrigin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AgentPool, AgentClass and ToolBinding resources reach the pool listener through informers: add, change and
 * delete, without a restart; an AgentPool's override annotation goes with it.
 */
class ClusterPoolSourceTest {

    MockCluster cluster;
    Recorder listener = new Recorder();

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    static String pool(String ns, String name, int max) {
        return """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: %s, namespace: %s, labels: {team: search}}
                spec:
                  maxReplicas: %d
                  autoscaling:
                    metrics: [{type: tokens-in-queue, target: "1000", averagingWindow: 30s}]
                """.formatted(name, ns, max);
    }

    ClusterPoolSource source(List<String> namespaces) {
        return new ClusterPoolSource(cluster.scaler, namespaces, Duration.ZERO, Duration.ofSeconds(10));
    }

    @Test
    void createdChangedAndDeletedResourcesReachTheListener() throws Exception {
        cluster.agentPool(pool("agents", "before", 4));
        try (ClusterPoolSource source = source(List.of())) {
            source.start(listener);
            // delivered before start returned
            assertThat(listener.events.poll()).isEqualTo("added kubernetes:agents/before generation 1");

            GenericKubernetesResource created = cluster.agentPool(pool("other", "queue-pool", 8));
            assertThat(listener.next()).isEqualTo("added kubernetes:other/queue-pool generation 1");
            assertThat(listener.last.tree()).isEqualTo(Map.of("apiVersion", "neuronetes.io/v1alpha1",
                    "kind", "AgentPool", "metadata", Map.of("name", "queue-pool", "namespace", "other"),
                    "spec", Map.of("maxReplicas", 8, "autoscaling", Map.of("metrics", List.of(Map.of(
                            "type", "tokens-in-queue", "target", "1000", "averagingWindow", "30s"))))));

            created.setAdditionalProperty("spec", Map.of("maxReplicas", 12));
            cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("other")
                    .resource(created).update();
            assertThat(listener.next()).isEqualTo("changed kubernetes:other/queue-pool generation 2");
            assertThat(listener.last.tree().get("spec")).isEqualTo(Map.of("maxReplicas", 12));

            cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("other")
                    .withName("queue-pool").delete();
            assertThat(listener.next()).isEqualTo("deleted kubernetes:other/queue-pool");
        }
    }

    @Test
    void statusWritesAndLabelChangesDeliverNothing() throws Exception {
        try (ClusterPoolSource source = source(List.of())) {
            source.start(listener);
            cluster.agentPool(pool("agents", "web", 4));
            assertThat(listener.next()).startsWith("added");

            new PoolStatusWriter(cluster.client, Leadership.always(), 3).write("agents", "web", null, null,
                    new PoolStatus(2, 2, 1, 3, null, null, null, "app=web", List.of(), List.of()),
                    java.time.Instant.parse("2026-03-02T08:00:00Z"));
            GenericKubernetesResource current = cluster.getPool("agents", "web");
            current.getMetadata().getLabels().put("team", "chat");
            cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("agents")
                    .resource(current).update();
            // a later spec change is the next thing the listener sees
            cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("agents")
                    .withName("web").edit(r -> {
                        r.setAdditionalProperty("spec", Map.of("maxReplicas", 6));
                        return r;
                    });
            assertThat(listener.next()).startsWith("changed kubernetes:agents/web");
            assertThat(listener.last.tree().get("spec")).isEqualTo(Map.of("maxReplicas", 6));
        }
    }

    @Test
    void theOverrideAnnotationGoesWithThePoolAndItsChangesAreDelivered() throws Exception {
        try (ClusterPoolSource source = source(List.of())) {
            source.start(listener);
            cluster.agentPool(pool("agents", "web", 4));
            assertThat(listener.next()).isEqualTo("added kubernetes:agents/web generation 1");
            assertThat(listener.last.storedOverride()).isEmpty();

            annotate("web", NeuronetesApi.OVERRIDE_ANNOTATION, "{\"replicas\": 3}");
            // the spec is unchanged, and so is the revision; the document carries the annotation, unparsed
            assertThat(listener.next()).isEqualTo("changed kubernetes:agents/web generation 1");
            assertThat(listener.last.storedOverride()).contains("{\"replicas\": 3}");
            assertThat(listener.last.tree().get("metadata")).isEqualTo(Map.of("name", "web", "namespace", "agents"));

            annotate("web", "example.com/owner", "search"); // another annotation: nothing
            annotate("web", NeuronetesApi.OVERRIDE_ANNOTATION, null);
            assertThat(listener.next()).isEqualTo("changed kubernetes:agents/web generation 1");
            assertThat(listener.last.storedOverride()).isEmpty();
        }
    }

    void annotate(String pool, String key, String value) {
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("agents").withName(pool)
                .edit(r -> {
                    Map<String, String> annotations = new java.util.HashMap<>(r.getMetadata().getAnnotations() == null
                            ? Map.of() : r.getMetadata().getAnnotations());
                    if (value == null) {
                        annotations.remove(key);
                    } else {
                        annotations.put(key, value);
                    }
                    r.getMetadata().setAnnotations(annotations);
                    return r;
                });
    }

    /**
     * An edit the CRD schema lets through but the parser refuses (a cron out of range) leaves the pool running at its
     * last valid generation, reported; a valid edit replaces it, a deletion removes it.
     */
    @Test
    void anAgentPoolEditedIntoAnInvalidSpecRunsOnAtItsLastValidGeneration() throws Exception {
        io.neuronetes.service.pools.PoolRegistry registry = new io.neuronetes.service.pools.PoolRegistry();
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.addListener(new io.neuronetes.service.pools.PoolRegistry.Listener() {
            @Override
            public void upserted(io.neuronetes.service.pools.PoolEntry e) {
                calls.add("upserted " + e.name() + " max=" + e.pool().maxReplicas());
            }

            @Override
            public void removed(String name) {
                calls.add("removed " + name);
            }
        });
        cluster.agentPool(pool("agents", "web", 4));
        try (ClusterPoolSource source = source(List.of())) {
            source.start(registry);
            edit("web", pool("agents", "web", 9).replace("metrics:", """
                    predictive: {schedules: [{name: morning, cron: "0 25 * * *", replicas: 3}]}
                        metrics:"""));
            await(() -> !registry.problems().isEmpty());
            assertThat(registry.pool("web").orElseThrow().pool().maxReplicas()).isEqualTo(4);
            var refused = registry.refused("web").orElseThrow();
            assertThat(refused.servedRevision()).contains("generation 1");
            assertThat(refused.refusedRevision()).contains("generation 2");
            assertThat(refused.errors()).singleElement().asString()
                    .startsWith("spec.autoscaling.predictive.schedules[0].cron: invalid cron \"0 25 * * *\"");

            edit("web", pool("agents", "web", 6));
            await(() -> registry.problems().isEmpty());
            assertThat(registry.pool("web").orElseThrow().pool().maxReplicas()).isEqualTo(6);
            assertThat(registry.refused("web")).isEmpty();

            cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("agents")
                    .withName("web").delete();
            // The registry's snapshot is published before its listeners hear of the change: wait for the listener.
            await(() -> calls.contains("removed web"));
            assertThat(registry.pools()).isEmpty();
            assertThat(calls).containsExactly("upserted web max=4", "upserted web max=6", "removed web");
        }
    }

    /**
     * A registry started after an AgentPool was edited into an invalid spec, before the leader stored the spec it
     * ran at, serves nothing; once the leader has stored it in the status (a change of the stored spec alone is
     * delivered), the registry serves it in place of the refused one.
     */
    @Test
    void aSpecStoredInTheStatusAfterTheStartIsServedInPlaceOfTheRefusedOne() throws Exception {
        io.neuronetes.service.pools.PoolRegistry registry = new io.neuronetes.service.pools.PoolRegistry();
        String valid = pool("agents", "web", 4);
        cluster.agentPool(valid);
        edit("web", pool("agents", "web", 9).replace("metrics:", """
                predictive: {schedules: [{name: morning, cron: "0 25 * * *", replicas: 3}]}
                    metrics:"""));
        try (ClusterPoolSource source = source(List.of())) {
            source.start(registry);
            await(() -> !registry.problems().isEmpty());
            assertThat(registry.pools()).isEmpty();

            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) cluster.client.getKubernetesSerialization()
                    .unmarshal(valid, GenericKubernetesResource.class).getAdditionalProperties().get("spec");
            new PoolStatusWriter(cluster.client, Leadership.always(), 3).write("agents", "web", 1L, spec,
                    new PoolStatus(2, 2, 0, 2, null, null, null, "app=web", List.of(), List.of()),
                    java.time.Instant.parse("2026-03-02T08:00:00Z"));

            await(() -> registry.pool("web").isPresent());
            assertThat(registry.pool("web").orElseThrow().pool().maxReplicas()).isEqualTo(4);
            assertThat(registry.refused("web").orElseThrow().servedRevision()).contains("generation 1");
            assertThat(registry.servedSpec("web")).contains(spec);
        }
    }

    /** Replaces the spec of AgentPool {@code agents/name} with that of {@code yaml}. */
    void edit(String name, String yaml) {
        Object spec = cluster.client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class)
                .getAdditionalProperties().get("spec");
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("agents").withName(name)
                .edit(r -> {
                    r.setAdditionalProperty("spec", spec);
                    return r;
                });
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(until);
            Thread.sleep(20);
        }
    }

    @Test
    void watchesOnlyTheConfiguredNamespaces() throws Exception {
        try (ClusterPoolSource source = source(List.of("agents", "batch"))) {
            source.start(listener);
            cluster.agentPool(pool("elsewhere", "ignored", 4));
            cluster.agentPool(pool("batch", "nightly", 4));
            cluster.agentPool(pool("agents", "web", 4));

            assertThat(List.of(listener.next(), listener.next())).containsExactlyInAnyOrder(
                    "added kubernetes:batch/nightly generation 1", "added kubernetes:agents/web generation 1");
            assertThat(listener.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(source.name()).isEqualTo("kubernetes:agents,batch");
        }
    }

    @Test
    void agentClassesAndToolBindingsArriveWithOriginsOfTheirOwn() throws Exception {
        try (ClusterPoolSource source = source(List.of())) {
            source.start(listener);
            cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_CLASSES).inNamespace("agents")
                    .resource(cluster.client.getKubernetesSerialization().unmarshal("""
                            apiVersion: neuronetes.io/v1alpha1
                            kind: AgentClass
                            metadata: {name: chat, namespace: agents}
                            spec: {slo: {ttft: 500ms, availabilityPercent: 99.5}}
                            """, GenericKubernetesResource.class)).create();
            assertThat(listener.next()).isEqualTo("added kubernetes:agents/AgentClass/chat generation 1");
            assertThat(listener.last.tree().get("spec")).isEqualTo(Map.of("slo",
                    Map.of("ttft", "500ms", "availabilityPercent", 99.5)));

            cluster.agentPool(pool("agents", "chat", 4)); // same name, another kind: another origin
            assertThat(listener.next()).isEqualTo("added kubernetes:agents/chat generation 1");

            cluster.client.genericKubernetesResources(NeuronetesApi.TOOL_BINDINGS).inNamespace("agents")
                    .resource(cluster.client.getKubernetesSerialization().unmarshal("""
                            apiVersion: neuronetes.io/v1alpha1
                            kind: ToolBinding
                            metadata: {name: chat, namespace: agents}
                            spec: {type: queue, queueConfig: {provider: nats, queueName: tasks}}
                            """, GenericKubernetesResource.class)).create();
            assertThat(listener.next()).isEqualTo("added kubernetes:agents/ToolBinding/chat generation 1");

            cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_CLASSES).inNamespace("agents")
                    .withName("chat").delete();
            assertThat(listener.next()).isEqualTo("deleted kubernetes:agents/AgentClass/chat");
        }
    }

    @Test
    void aFailingListenerDoesNotStopDelivery() throws Exception {
        listener.failOn = "first";
        try (ClusterPoolSource source = source(List.of())) {
            source.start(listener);
            cluster.agentPool(pool("agents", "first", 4));
            cluster.agentPool(pool("agents", "second", 4));
            assertThat(listener.next()).isEqualTo("added kubernetes:agents/second generation 1");
        }
    }

    /**
     * A status edited by hand (or by an older or foreign writer) into a shape the scaler does not write carries no
     * last accepted version: a refused spec is then not served in its place, rather than a half-read one.
     */
    @Test
    void aStoredSpecOfAnotherShapeIsNoLastAcceptedVersion() {
        Map<String, Object> spec = Map.of("maxReplicas", 4);
        var malformed = List.<Map<String, Object>>of(
                Map.of("servedSpec", "maxReplicas: 4", "servedGeneration", 1), // spec not an object
                Map.of("servedSpec", spec, "servedGeneration", "1"), // generation not a number
                Map.of("servedSpec", spec, "servedGeneration", 1.5), // nor a whole one
                Map.of("servedSpec", spec), // no generation
                Map.of("servedGeneration", 1)); // no spec
        try (ClusterPoolSource source = source(List.of())) {
            for (Map<String, Object> status : malformed) {
                GenericKubernetesResource r = cluster.client.getKubernetesSerialization().unmarshal(
                        pool("agents", "web", 4), GenericKubernetesResource.class);
                r.setAdditionalProperty("status", status);
                assertThat(source.lastAccepted(r)).as(status.toString()).isNull();
            }
            GenericKubernetesResource r = cluster.client.getKubernetesSerialization().unmarshal(
                    pool("agents", "web", 4), GenericKubernetesResource.class);
            r.setAdditionalProperty("status", Map.of("servedSpec", spec, "servedGeneration", 3));
            PoolDocument.Version v = source.lastAccepted(r);
            assertThat(v.revision()).isEqualTo("generation 3");
            assertThat(v.tree().get("spec")).isEqualTo(spec);
        }
    }

    @Test
    void startReturnsWhenTheApiServerIsUnreachable() {
        var dead = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0).withConnectionTimeout(500).build()).build();
        try (dead; var source = new ClusterPoolSource(dead, List.of(), Duration.ZERO,
                Duration.ofMillis(500))) {
            long t0 = System.nanoTime();
            source.start(listener);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(listener.events).isEmpty();
        }
    }

    /** Records listener calls as lines "added origin revision", "changed ...", "deleted origin". */
    static final class Recorder implements PoolListener {
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile PoolDocument last;
        volatile String failOn;

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("listener call within 10 s").isNotNull();
            return e;
        }

        @Override
        public void added(PoolDocument d) {
            if (failOn != null && d.origin().location().endsWith("/" + failOn)) {
                throw new IllegalStateException("listener bug");
            }
            last = d;
            events.add("added " + d.origin() + " " + d.revision());
        }

        @Override
        public void changed(PoolDocument d) {
            last = d;
            events.add("changed " + d.origin() + " " + d.revision());
        }

        @Override
        public void deleted(PoolOrigin origin) {
            events.add("deleted " + origin);
        }

        @Override
        public void unreadable(PoolOrigin origin, String reason) {
            events.add("unreadable " + origin + " " + reason);
        }
    }
}
