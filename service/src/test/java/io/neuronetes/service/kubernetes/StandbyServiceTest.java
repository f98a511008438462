package io.neuronetes.service.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The whole service as a standby replica: before it starts, another replica of the installation holds the lease
 * for an hour, so this one never leads. Its REST API refuses overrides, their ends and retrains with 503 and
 * {@code Retry-After: 1}, naming the lease and its holder, and still answers what any replica can answer.
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
