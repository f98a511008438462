package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas of the service contend for one Lease on the mock API server: exactly one leads, and failover. */
class LeaseLeadershipTest {

    // Short timings keep the tests fast; their ratios are close to the defaults (15s / 10s / 2s). Other tests'
    // replicas (replica(client, identity)) use these.
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration RENEW = Duration.ofMillis(1000);
    static final Duration RETRY = Duration.ofMillis(200);
    // This class's two contention tests sample the roles for several lease durations, where a stall of the machine
    // longer than the renew deadline rightly ends a leadership: with 1 s a stall in a full CI run once made the
    // leader report UNAVAILABLE during the start. Their deadline is 2.5 s.
    static final Duration C_LEASE = Duration.ofSeconds(4);
    static final Duration C_RENEW = Duration.ofMillis(2500);
    static final Duration C_RETRY = Duration.ofMillis(500);

    MockCluster cluster;
    KubernetesClient clientA;
    KubernetesClient clientB;
    LeaseLeadership a;
    LeaseLeadership b;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        clientA = cluster.newClient();
        clientB = cluster.newClient();
        a = replica(clientA, "scaler-a", C_LEASE, C_RENEW, C_RETRY);
        b = replica(clientB, "scaler-b", C_LEASE, C_RENEW, C_RETRY);
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
        clientA.close();
        clientB.close();
        cluster.close();
    }

    static LeaseLeadership replica(KubernetesClient client, String identity) {
        return replica(client, identity, LEASE, RENEW, RETRY);
    }

    static LeaseLeadership replica(KubernetesClient client, String identity, Duration lease, Duration renew,
            Duration retry) {
        return new LeaseLeadership(client, new LeaseSettings("neuronetes", "neuronetes-scaler", identity, lease,
                renew, retry), Clock.systemUTC());
    }

    @Test
    void exactlyOneOfTwoReplicasLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
        a.start();
        b.start();
        // Starting together, the two may race to create the lease: the loser's 409 is contention, not an outage,
        // so neither ever reports that nobody leads.
        long startedAt = System.nanoTime();
        while (System.nanoTime() - startedAt < C_LEASE.toNanos()) {
            Leadership.Status sa = a.status();
            Leadership.Status sb = b.status();
            assertThat(List.of(sa.role(), sb.role())).as("a: %s; b: %s", sa, sb)
                    .doesNotContain(Leadership.Role.UNAVAILABLE);
            Thread.sleep(5);
        }
        await(() -> a.isLeader() || b.isLeader(), "a leader");
        LeaseLeadership leader = a.isLeader() ? a : b;
        LeaseLeadership standby = leader == a ? b : a;

        // Sampled over two lease durations: never both, never none.
        long until = System.nanoTime() + 2 * C_LEASE.toNanos();
        while (System.nanoTime() < until) {
            assertThat(a.isLeader() ^ b.isLeader()).as("exactly one leader").isTrue();
            assertThat(standby.status().role()).isEqualTo(Leadership.Role.STANDBY);
            Thread.sleep(20);
        }
        assertThat(standby.status()).isEqualTo(Leadership.Status.standby("not the leader: lease "
                + "neuronetes/neuronetes-scaler is held by " + leader.identity()));
        assertThat(holder()).isEqualTo(leader.identity());

        long stoppedAt = System.nanoTime();
        leader.close(); // releases the lease
        assertThat(leader.isLeader()).isFalse();
        await(standby::isLeader, "failover to " + standby.identity());
        // fabric8's release shortens the lease to 1 s: the standby takes it about a second later, before the
        // 4 s lease would have expired
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(C_LEASE);
        assertThat(holder()).isEqualTo(standby.identity());
    }

    @Test
    void aLeaderCutOffFromTheApiServerStopsActingBeforeAnotherCanStart() throws Exception {
        a.start();
        await(a::isLeader, "a leads");
        b.start();

        long cutAt = System.nanoTime();
        clientA.close(); // a's renewals fail from now on; it does not release the lease
        await(() -> !a.isLeader(), "a stops leading");
        Duration stopped = Duration.ofNanos(System.nanoTime() - cutAt);
        // a cannot tell who leads: its runs fail (they are not skipped as a standby's are)
        assertThat(a.status().role()).isEqualTo(Leadership.Role.UNAVAILABLE);
        assertThat(a.status().message()).startsWith("lease neuronetes/neuronetes-scaler ");
        await(b::isLeader, "b takes over after the lease expires");
        Duration took = Duration.ofNanos(System.nanoTime() - cutAt);

        // a stops within its renew deadline of its last renewal; b must wait for the lease to expire, which is
        // at least leaseDuration - retryPeriod = 3.5 s after the cut
        assertThat(stopped).isLessThanOrEqualTo(C_RENEW.plusMillis(100));
        assertThat(took).isGreaterThanOrEqualTo(C_LEASE.minus(C_RETRY)).isGreaterThan(stopped);
        assertThat(holder()).isEqualTo("scaler-b");
    }

    @Test
    void settingsRejectTimingsThatWouldAllowTwoLeaders() {
        assertThatThrownBy(() -> new LeaseSettings("ns", "l", "me", Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(2))).hasMessageContaining("leaseDuration");
        assertThatThrownBy(() -> new LeaseSettings("ns", "l", "me", Duration.ofSeconds(15), Duration.ofSeconds(2),
                Duration.ofSeconds(2))).hasMessageContaining("renewDeadline");
        assertThatThrownBy(() -> new LeaseSettings("ns", "l", " ", Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2))).hasMessageContaining("identity");
        // 1.5 s would be stored as 1 s: standbys would see the lease expire before this replica stops acting
        assertThatThrownBy(() -> new LeaseSettings("ns", "l", "me", Duration.ofMillis(1500), Duration.ofSeconds(1),
                Duration.ofMillis(200))).hasMessageContaining("whole number of seconds");
    }

    String holder() {
        Lease lease = cluster.client.leases().inNamespace("neuronetes").withName("neuronetes-scaler").get();
        return lease.getSpec().getHolderIdentity();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

}
