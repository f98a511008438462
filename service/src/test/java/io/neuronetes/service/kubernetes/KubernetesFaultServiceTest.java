package io.neuronetes.service.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole service in kubernetes mode while the API server fails for one pool's workload only: the scale
 * subresource of pool {@code chat}'s Deployment answers an error to every write (500, also to its reads, 403, or
 * 409 past the conflict attempts), then answers again. Pool {@code search}, in the same namespace, goes on
 * being scaled; {@code chat}'s failure shows in its {@code lastRun}, its decisions, {@code /metrics} (the counters
 * behind {@code NeuronetesScalingErrors} and {@code NeuronetesScalingRunsFailing}, computed here from two scrapes
 * as {@code increase()} would), its AgentPool status ({@code AbleToScale=False}) and a {@code ScaleFailed} event; the
 * REST API keeps answering; once the API server answers, {@code chat}'s next run scales it and the failures stop.
 */
@QuarkusTest
@TestProfile(KubernetesFaultServiceTest.Mode.class)
@WithKubernetesTestServer(crud = true)
class KubernetesFaultServiceTest {

    /**
     * Kubernetes mode with fast leader election, and without the client's own retries of a 5xx answer: over the
     * mock server's HTTP/1.1, a retry can close a pooled connection that another pool's request has just taken,
     * failing that request with "Connection was closed" (see docs/robustness.md, Not covered).
     */
    public static final class Mode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(KubernetesModeTest.settings("fault-test"));
            config.put("quarkus.kubernetes-client.request-retry-backoff-limit", "0");
            return config;
        }
    }

    /** What the scale subresource of pool chat's Deployment answers to every write while it fails. */
    enum Fault {
        ERROR(500, false, "etcdserver: request timed out"),
        /** The scale subresource answers 500 to its reads as well: the run cannot observe the workload either. */
        ERROR_ON_READS_TOO(500, true, "etcdserver: leader changed"),
        FORBIDDEN(403, false, "deployments.apps \"chat\" is forbidden: User \"system:serviceaccount:neuronetes:"
                + "neuronetes-scaler\" cannot update resource \"deployments/scale\""),
        CONFLICT(409, false, "the object has been modified; please apply your changes to the latest version");

        final int code;
        final boolean reads;
        final String message;

        Fault(int code, boolean reads, String message) {
            this.code = code;
            this.reads = reads;
            this.message = message;
        }

        /** The name of this case's pools and namespace, so that each case starts afresh. */
        String suffix() {
            return code + (reads ? "-reads" : "");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    Leadership leadership;

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFailingScaleSubresourceHarmsOnlyItsOwnPoolAndItsNextRunAfterTheOutageScalesIt(Fault fault)
            throws Exception {
        await(leadership::isLeader, "leadership at start-up");
        String ns = "faults-" + fault.suffix();
        String chat = "chat-" + fault.suffix();
        String search = "search-" + fault.suffix();
        try (MockCluster fixtures = MockCluster.on(client)) {
            for (String name : List.of(chat, search)) {
                fixtures.deployment(ns, name, 2);
                fixtures.pod(ns, name, name + "-0", NeuronetesApi.SERVING, true, KubernetesActuatorTest.T0);
                fixtures.pod(ns, name, name + "-1", NeuronetesApi.SERVING, true, KubernetesActuatorTest.T0);
                fixtures.agentPool(pool(ns, name));
            }
            await(() -> status(fixtures, ns, chat) != null && status(fixtures, ns, search) != null,
                    "a healthy run of both pools");
            Map<String, Object> before = status(fixtures, ns, chat);
            assertThat(before).containsEntry("workloadReplicas", 2);
            String healthy = scrape();

            // the scale subresource of chat's Deployment fails every write; search's, beside it, does not
            String scalePath = "/apis/apps/v1/namespaces/" + ns + "/deployments/" + chat + "/scale";
            server.expect().put().withPath(scalePath).andReturn(fault.code, new StatusBuilder()
                    .withCode(fault.code).withMessage(fault.message).build()).always();
            if (fault.reads) {
                server.expect().get().withPath(scalePath).andReturn(fault.code, new StatusBuilder()
                        .withCode(fault.code).withMessage(fault.message).build()).always();
            }
            try {
                minReplicas(ns, chat, 3);
                minReplicas(ns, search, 3);

                await(() -> replicas(ns, search) == 3, "search scaled to its new minimum while chat fails");
                await(() -> increase(healthy, scrape(), "neuronetes_runs_total",
                        "outcome=\"failed\",pool=\"" + chat + "\"") >= 3, "three failed runs of chat");
                String failing = scrape();
                assertThat(replicas(ns, chat)).isEqualTo(2);
                String cause = "Kubernetes API error " + fault.code + " while scaling Deployment " + ns + "/" + chat
                        + ": " + fault.message;

                // the pool's own surfaces say why, and the rest of the API answers
                given().get("/api/v1/pools/" + chat).then().statusCode(200)
                        .body("pool.lastRun.status", equalTo("FAILED"))
                        .body("pool.lastRun.message", equalTo("actuate: " + cause))
                        .body("pool.desired", equalTo(3))
                        .body("decisions[0].actuation.code", equalTo("FAILED"))
                        .body("decisions[0].actuation.message", equalTo(cause));
                given().get("/api/v1/pools/" + search).then().statusCode(200)
                        .body("pool.lastRun.status", equalTo("OK")).body("pool.desired", equalTo(3));
                given().get("/api/v1/pools").then().statusCode(200).body("pools.name", hasItems(chat, search));
                given().get("/api/v1/pools/" + chat + "/decisions?limit=3").then().statusCode(200)
                        .body("actuation.code", hasItems("FAILED"));
                for (String name : List.of(chat, search)) {
                    given().get("/api/v1/pools/" + name + "/forecast").then().statusCode(200)
                            .body("pool", equalTo(name));
                }

                // the AgentPool: AbleToScale=False with the cause, the last successful run's figures kept
                Map<String, Object> status = status(fixtures, ns, chat);
                assertThat(KubernetesActuatorTest.condition(status, PoolStatus.ABLE_TO_SCALE))
                        .containsEntry("status", "False").containsEntry("reason", "FailedUpdateScale")
                        .containsEntry("message", cause);
                int edited = fixtures.getPool(ns, chat).getMetadata().getGeneration().intValue();
                assertThat(status).containsEntry("desiredReplicas", 3).containsEntry("observedGeneration", edited)
                        .containsEntry("servedGeneration", edited); // the edited spec, stored with its generation
                Map<String, Object> kept = new HashMap<>(status);
                Map<String, Object> healthyFigures = new HashMap<>(before);
                for (String changes : List.of("desiredReplicas", "reasons", "conditions", "observedGeneration",
                        "servedSpec", "servedGeneration")) {
                    kept.remove(changes);
                    healthyFigures.remove(changes);
                }
                assertThat(kept).as("the figures of the last successful run").isEqualTo(healthyFigures);
                assertThat(failures(ns, chat)).anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).isEqualTo(cause);
                });
                assertThat(failures(ns, search)).isEmpty();
                assertThat(KubernetesActuatorTest.condition(status(fixtures, ns, search), PoolStatus.ABLE_TO_SCALE))
                        .containsEntry("status", "True");

                // /metrics: chat's failures counted, search's none; the alerts' expressions over the outage
                assertThat(increase(healthy, failing, "neuronetes_run_errors_total",
                        "kind=\"failed\",pool=\"" + chat + "\",stage=\"actuate\"")).as("NeuronetesScalingErrors")
                        .isPositive();
                assertThat(increase(healthy, failing, "neuronetes_runs_total",
                        "outcome=\"failed\",pool=\"" + chat + "\"")).as("NeuronetesScalingRunsFailing")
                        .isGreaterThanOrEqualTo(3);
                assertThat(increase(healthy, failing, "neuronetes_run_errors_total",
                        "kind=\"failed\",pool=\"" + search + "\",stage=\"actuate\"")).isZero();
                assertThat(increase(healthy, failing, "neuronetes_runs_total",
                        "outcome=\"failed\",pool=\"" + search + "\"")).isZero();
                assertThat(value(failing, "neuronetes_agentpool_desired_replicas", "pool=\"" + chat + "\""))
                        .isEqualTo(3);
                assertThat(value(failing, "neuronetes_agentpool_replicas", "pool=\"" + chat + "\""))
                        .as("the serving pods observed before the failed write, else the last known").isEqualTo(2);
                assertThat(increase(healthy, failing, "neuronetes_run_errors_total",
                        "kind=\"error\",pool=\"" + chat + "\",stage=\"observe\"") > 0).isEqualTo(fault.reads);
                assertThat(value(failing, "neuronetes_agentpool_fallback", "pool=\"" + chat + "\""))
                        .as("no signal was lost").isZero();
                assertThat(value(failing, "neuronetes_leader", null)).as("NeuronetesNoLeader stays quiet")
                        .isEqualTo(1);
            } finally {
                heal(server.getKubernetesMockServer());
            }

            // the API server answers again: chat's next run scales it, and its failures stop
            await(() -> replicas(ns, chat) == 3, "chat scaled once the API server answers");
            await(() -> "OK".equals(given().get("/api/v1/pools/" + chat).then().extract()
                    .path("pool.lastRun.status")), "an OK run of chat");
            String recovered = scrape();
            String okRuns = "outcome=\"ok\",pool=\"" + chat + "\"";
            await(() -> increase(recovered, scrape(), "neuronetes_runs_total", okRuns) >= 2,
                    "two more OK runs of chat");
            String after = scrape();
            assertThat(increase(recovered, after, "neuronetes_run_errors_total",
                    "kind=\"failed\",pool=\"" + chat + "\",stage=\"actuate\"")).isZero();
            assertThat(increase(recovered, after, "neuronetes_runs_total",
                    "outcome=\"failed\",pool=\"" + chat + "\"")).isZero();
            assertThat(KubernetesActuatorTest.condition(status(fixtures, ns, chat), PoolStatus.ABLE_TO_SCALE))
                    .containsEntry("status", "True");
            assertThat(status(fixtures, ns, chat)).containsEntry("workloadReplicas", 3)
                    .containsEntry("desiredReplicas", 3);
            for (String name : List.of(chat, search)) {
                client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(ns).withName(name).delete();
            }
        }
    }

    /** A pool on Deployment {@code name} at 2 replicas, without metrics (its minimum decides), run every second. */
    static String pool(String ns, String name) {
        return """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: %s, namespace: %s}
                spec:
                  minReplicas: 2
                  maxReplicas: 6
                  autoscaling:
                    behavior:
                      scaleUp: {periodSeconds: 1}
                      scaleDown: {periodSeconds: 1}
                """.formatted(name, ns);
    }

    void minReplicas(String ns, String name, int min) {
        client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(ns).withName(name).edit(r -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
            spec.put("minReplicas", min);
            return r;
        });
    }

    int replicas(String ns, String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get().getSpec().getReplicas();
    }

    static Map<String, Object> status(MockCluster fixtures, String ns, String name) {
        return fixtures.getPool(ns, name).get("status");
    }

    /** The pool's ScaleFailed events. */
    List<Event> failures(String ns, String pool) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> pool.equals(e.getInvolvedObject().getName()))
                .filter(e -> ScaleEventRecorder.FAILED.equals(e.getReason())).toList();
    }

    /** Removes the injected faults: the expectations in front of the CRUD store, then puts back the server's own. */
    static void heal(KubernetesMockServer mock) {
        mock.clearExpectations();
        mock.onStart(); // the root paths and /version answers that clearExpectations removed
    }

    static String scrape() {
        return given().get("/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of a series in a scrape; {@code labels} as the text format writes them (sorted), null for none. */
    static double value(String scrape, String name, String labels) {
        String series = labels == null ? name : name + "{" + labels + "}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series " + series + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** A counter's value in a scrape, 0 while it has not counted anything. */
    static double count(String scrape, String name, String labels) {
        return scrape.contains(name + "{" + labels + "} ") ? value(scrape, name, labels) : 0;
    }

    /** What {@code increase()} over the time between two scrapes gives for a counter (no reset in between). */
    static double increase(String before, String after, String name, String labels) {
        return count(after, name, labels) - count(before, name, labels);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
