package io.neuronetes.service.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.runs.PoolRuntime;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The whole service as a standby replica: before it starts, another replica of the installation holds the lease
 * for an hour, so this one never leads. Its REST API refuses overrides, their ends and retrains with 503 and
 * {@code Retry-After: 1}, naming the lease and its holder, and still answers what any replica can answer. An
 * annotation removed by hand ends the override here too, without a run: running the pool at once is the leader's.
 */
@QuarkusTest
@TestProfile(StandbyServiceTest.Standby.class)
@WithKubernetesTestServer(crud = true, setup = StandbyServiceTest.HeldLease.class)
class StandbyServiceTest {

    static final String HOLDER = "scaler-elsewhere";
    static final String TOKEN = "Bearer test-token-0123456789abcdef";

    /** Kubernetes mode under another identity than the lease's holder. */
    public static final class Standby implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return KubernetesModeTest.settings("scaler-standby");
        }
    }

    /** The lease, held by another replica for an hour and renewed just now, in place before the service starts. */
    public static final class HeldLease implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            var client = server.getClient();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("neuronetes")
                    .endMetadata().build()).create();
            client.leases().inNamespace("neuronetes").resource(new LeaseBuilder()
                    .withNewMetadata().withName("neuronetes-scaler").withNamespace("neuronetes").endMetadata()
                    .withNewSpec().withHolderIdentity(HOLDER).withLeaseDurationSeconds(3600)
                    .withAcquireTime(ZonedDateTime.now()).withRenewTime(ZonedDateTime.now()).withLeaseTransitions(0)
                    .endSpec().build()).create();
        }
    }

    @Inject
    Leadership leadership;

    @Inject
    Scaler scaler;

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    @Test
    void anOverrideSentToTheStandbyIsRefusedWith503NamingTheLeaseHolder() throws Exception {
        LeaseLeadershipTest.await(() -> leadership.status().message().contains(HOLDER),
                "the standby to read the lease's holder");
        assertThat(leadership.isLeader()).isFalse();

        given().header("Authorization", TOKEN).contentType("application/json")
                .body("{\"pool\": \"demo-nasa\", \"replicas\": 3, \"reason\": \"load test\"}")
                .post("/v1/scale").then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .contentType("application/json")
                .body("error", containsString("lease neuronetes/neuronetes-scaler is held by " + HOLDER))
                .body("error", containsString("overrides are carried out by the leading replica only"));

        given().header("Authorization", TOKEN).delete("/v1/scale/demo-nasa").then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .contentType("application/json")
                .body("error", containsString("lease neuronetes/neuronetes-scaler is held by " + HOLDER))
                .body("error", containsString("overrides are carried out by the leading replica only"));

        given().header("Authorization", TOKEN).post("/api/v1/pools/demo-nasa/retrain").then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("error", containsString("held by " + HOLDER))
                .body("error", containsString("retrains are carried out by the leading replica only"));
    }

    /**
     * An annotation removed by hand ends the override on the standby too, which leaves the pool's run to the leader:
     * it does not run the pool at once (its next scheduled run is over 20 minutes away here).
     */
    @Test
    void anAnnotationRemovedByHandEndsTheOverrideOnTheStandbyWithoutARun() throws Exception {
        LeaseLeadershipTest.await(() -> leadership.status().message().contains(HOLDER),
                "the standby to read the lease's holder");
        // The first scheduled run comes at an offset of the name's hash within the period (Scaler.upserted).
        assertThat(Math.floorMod("held".hashCode(), 1_800_000L)).isGreaterThan(1_200_000L);
        Instant at = clock.instant();
        try (MockCluster fixtures = MockCluster.on(client)) {
            fixtures.deployment("launch", "held", 1);
            fixtures.agentPool("""
                    apiVersion: neuronetes.io/v1alpha1
                    kind: AgentPool
                    metadata:
                      name: held
                      namespace: launch
                      annotations:
                        neuronetes.io/override: '{"replicas":4,"requested":4,"reason":"launch","at":"%s","until":"%s"}'
                    spec:
                      minReplicas: 1
                      maxReplicas: 6
                      autoscaling:
                        behavior:
                          scaleUp: {periodSeconds: 1800}
                          scaleDown: {periodSeconds: 1800}
                    """.formatted(at, at.plusSeconds(900)));
            LeaseLeadershipTest.await(() -> scaler.runtime("held").flatMap(PoolRuntime::override).isPresent(),
                    "the override restored on the standby");
            PoolRuntime rt = scaler.runtime("held").orElseThrow();

            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("launch").withName("held")
                    .edit(r -> {
                        r.getMetadata().getAnnotations().remove(NeuronetesApi.OVERRIDE_ANNOTATION);
                        return r;
                    });

            LeaseLeadershipTest.await(() -> rt.override().isEmpty(), "the removal to end the override");
            Thread.sleep(2_000); // a run started at once would have decided by now
            assertThat(rt.log().last()).isEmpty();
            assertThat(rt.lastRun()).isEmpty();
            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("launch").withName("held")
                    .delete();
        }
    }

    @Test
    void theStandbyStillChecksTheTokenFirstAndServesReads() {
        // without the token: 401 as on any replica (a standby tells nobody unauthenticated who leads)
        given().contentType("application/json").body("{\"pool\": \"demo-nasa\", \"replicas\": 3, \"reason\": \"x\"}")
                .post("/v1/scale").then().statusCode(401);
        given().delete("/v1/scale/demo-nasa").then().statusCode(401);
        given().get("/api/v1/pools").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }
}
