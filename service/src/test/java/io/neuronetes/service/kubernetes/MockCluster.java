package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fabric8 mock API server in CRUD mode with expectations in front (for injected errors), the project's CRDs
 * installed, and a log of every request in RBAC terms. Also builds the workload fixtures the tests share.
 */
final class MockCluster implements AutoCloseable {

    static final Path K8S = Path.of("..", "k8s");

    /** User-Agent of the clients that stand for the scaler; the fixtures' client sends another. */
    static final String SCALER_AGENT = "neuronetes-scaler";

    final KubernetesMockServer server;
    /** The tests' own client, for fixtures and checks. */
    final KubernetesClient client;
    /** A client standing for the scaler (its requests are told apart by User-Agent). */
    final KubernetesClient scaler;
    private final List<ApiCall> calls = new ArrayList<>();

    /** Fixtures on an existing server's client (the Quarkus test server); {@link #close} leaves it running. */
    static MockCluster on(KubernetesClient client) {
        return new MockCluster(client);
    }

    private MockCluster(KubernetesClient existing) {
        server = null;
        client = existing;
        scaler = existing;
        for (CustomResourceDefinition crd : crds()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(r -> r.update());
        }
    }

    MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient(b -> b.editOrNewConfig().withUserAgent("fixtures").endConfig());
        scaler = newClient();
        for (CustomResourceDefinition crd : crds()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        calls();
    }

    /** Another scaler client of this server (another replica of the service); no request retries. */
    KubernetesClient newClient() {
        return server.createClient(b -> b.editOrNewConfig().withUserAgent(SCALER_AGENT)
                .withRequestRetryBackoffLimit(0).withRequestTimeout(5_000).withConnectionTimeout(2_000).endConfig());
    }

    static List<CustomResourceDefinition> crds() {
        try (Stream<Path> files = Files.list(K8S.resolve("crds"))) {
            List<CustomResourceDefinition> crds = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    crds.add(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in,
                            CustomResourceDefinition.class));
                }
            }
            return crds;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests received since the last call, oldest first, in RBAC terms (discovery requests left out). */
    List<ApiCall> calls() {
        List<ApiCall> fresh = new ArrayList<>();
        try {
            RecordedRequest r;
            while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
                ApiCall call = ApiCall.parse(r.getMethod(), r.getPath(), r.getHeader("User-Agent"));
                if (call != null && !call.resource().equals("customresourcedefinitions")) {
                    fresh.add(call);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        calls.addAll(fresh);
        return fresh;
    }

    /** The scaler's requests received since the last call to this method or {@link #calls()}. */
    List<ApiCall> scalerCalls() {
        return calls().stream().filter(c -> c.agent().equals(SCALER_AGENT)).toList();
    }

    /** Every request of the scaler since the server started. */
    List<ApiCall> allScalerCalls() {
        calls();
        return calls.stream().filter(c -> c.agent().equals(SCALER_AGENT)).toList();
    }

    Deployment deployment(String ns, String name, int replicas) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name)
                .addToLabels(NeuronetesApi.STATE_LABEL, NeuronetesApi.WARM).endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("agent").withImage("agent:1").build())
                .endSpec().endTemplate().endSpec().build();
        return client.apps().deployments().inNamespace(ns).resource(d).create();
    }

    StatefulSet statefulSet(String ns, String name, int replicas) {
        StatefulSet s = new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name).withNewSelector()
                .addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("agent").withImage("agent:1").build())
                .endSpec().endTemplate().endSpec().build();
        return client.apps().statefulSets().inNamespace(ns).resource(s).create();
    }

    /**
     * A pod of workload {@code app}.
     *
     * @param state   value of the state label, or null for none
     * @param created creation time; the mock server replaces it with its own clock's second, so pods made in the
     *                same second tie (and the labeler orders them by name): see {@link #nextSecond()}
     */
    Pod pod(String ns, String app, String name, String state, boolean ready, Instant created) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", app)
                .withCreationTimestamp(created.toString()).endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("agent").withImage("agent:1").build())
                .endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus();
        if (state != null) {
            b.editMetadata().addToLabels(NeuronetesApi.STATE_LABEL, state).endMetadata();
        }
        return client.pods().inNamespace(ns).resource(b.build()).create();
    }

    /** A pod of workload {@code app} that no node has taken yet (waiting for a GPU): Pending, not ready. */
    Pod pendingPod(String ns, String app, String name, String state, Instant created) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", app)
                .addToLabels(NeuronetesApi.STATE_LABEL, state).withCreationTimestamp(created.toString())
                .endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("agent").withImage("agent:1").build())
                .endSpec()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").endCondition().endStatus().build();
        return client.pods().inNamespace(ns).resource(pod).create();
    }

    /** Waits for the next second of the clock, so that the pods created after are newer than those before. */
    static void nextSecond() {
        try {
            Thread.sleep(1_000 - System.currentTimeMillis() % 1_000 + 10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String state(String ns, String pod) {
        return client.pods().inNamespace(ns).withName(pod).get().getMetadata().getLabels()
                .get(NeuronetesApi.STATE_LABEL);
    }

    /** Creates an AgentPool from a YAML text. */
    GenericKubernetesResource agentPool(String yaml) {
        GenericKubernetesResource r = client.getKubernetesSerialization().unmarshal(yaml,
                GenericKubernetesResource.class);
        return client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS)
                .inNamespace(r.getMetadata().getNamespace()).resource(r).create();
    }

    GenericKubernetesResource getPool(String ns, String name) {
        return client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(ns).withName(name).get();
    }

    static String name(HasMetadata r) {
        return r.getMetadata().getName();
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        scaler.close();
        client.close();
        server.destroy();
    }
}
