package io.neuronetes.service.kubernetes;

import static io.neuronetes.service.kubernetes.LeaseLeadershipTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.pools.PoolOrigin;
import io.neuronetes.service.pools.YamlDocuments;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.ForecastResult;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunOutcome;
import io.neuronetes.service.runs.ScalingRun;
import io.neuronetes.service.runs.SignalReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole scaling runs (signals, planner, actuator) against the Kubernetes mock server while the API server fails:
 * a 500 or 409s that outlast the retries fail the run visibly (outcome, metric) without advancing the pool's
 * state, and the next run applies; a replica that loses the lease in the middle of a run stops writing, and a
 * replica that is not the leader writes nothing. With real leader election (a {@link LeaseLeadership} on the mock
 * server): a leader that cannot renew its lease fails its runs with the cause, writes nothing and leads again once
 * the API server answers; a leader whose lease another replica takes stands by at once and skips its runs.
 */
class KubernetesFaultRunTest {

    static final Instant T0 = Instant.parse("2024-03-04T12:00:00Z");
    static final String NS = "agents";
    static final String SCALE = "/apis/apps/v1/namespaces/agents/deployments/web/scale";
    static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/neuronetes/leases/neuronetes-scaler";

    static final String POOL = """
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata: {name: web, namespace: agents}
            spec:
              minReplicas: 1
              maxReplicas: 20
              targetRef: {kind: Deployment, name: web}
              autoscaling:
                metrics:
                  - {type: concurrent-sessions, target: "10", averagingWindow: 1m}
            """;

    /** 75 concurrent sessions, always: 8 replicas. */
    static final MetricsSource SEVENTY_FIVE = new MetricsSource() {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at) {
            return MetricOutcome.value(75.0);
        }

        @Override
        public MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration step) {
            return MetricOutcome.empty("no history");
        }
    };

    MockCluster cluster;
    final ScalerMetrics metrics = new ScalerMetrics();
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    PoolRuntime rt;
    KubernetesClient leaseClient;
    LeaseLeadership lease;
    ScheduledExecutorService otherReplica;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        cluster.agentPool(POOL);
        cluster.deployment(NS, "web", 2);
        cluster.pod(NS, "web", "p1", NeuronetesApi.SERVING, true, T0.minusSeconds(600));
        cluster.pod(NS, "web", "p2", NeuronetesApi.SERVING, true, T0.minusSeconds(600));
        rt = new PoolRuntime(new PoolEntry(new AgentPoolParser().parse(YamlDocuments.read(POOL).documents().get(0))
                .orThrow(), PoolOrigin.bundled("test"), Optional.empty()), 50);
    }

    @AfterEach
    void tearDown() {
        if (otherReplica != null) {
            otherReplica.shutdownNow();
        }
        if (lease != null) {
            lease.close();
            leaseClient.close();
        }
        cluster.close();
    }

    /** This replica with real leader election, exported as neuronetes_leader, once it leads. */
    LeaseLeadership leading() throws InterruptedException {
        leaseClient = cluster.newClient();
        lease = LeaseLeadershipTest.replica(leaseClient, "scaler-a");
        metrics.leadership(lease::isLeader);
        lease.start();
        await(lease::isLeader, "scaler-a leads");
        return lease;
    }

    ScalingRun run(Leadership leadership) {
        return new ScalingRun(new SignalReader(SEVENTY_FIVE, QueryTemplates.builtIn(), Map.of()),
                (e, now) -> ForecastResult.none("no model in this test"),
                KubernetesActuatorTest.actuator(cluster.scaler, leadership), metrics, clock);
    }

    int replicas() {
        return cluster.client.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getReplicas();
    }

    String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anApiServerErrorFailsTheRunVisiblyAndTheNextRunApplies() throws Exception {
        cluster.server.expect().put().withPath(SCALE)
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcdserver: request timed out")
                        .build()).once();
        ScalingRun run = run(Leadership.always());

        RunOutcome failed = run.run(rt);

        assertThat(failed.status()).isEqualTo(RunOutcome.Status.FAILED);
        assertThat(failed.message()).contains("actuate").contains("500").contains("etcdserver");
        assertThat(rt.state()).as("the planner state does not move on an unapplied decision").isEmpty();
        assertThat(replicas()).isEqualTo(2);
        assertThat(scrape()).contains("neuronetes_run_errors_total{kind=\"failed\",pool=\"web\",stage=\"actuate\"}");

        RunOutcome next = run.run(rt);

        assertThat(next.status()).isEqualTo(RunOutcome.Status.OK);
        assertThat(replicas()).isEqualTo(8); // ceil(75 / 10)
        assertThat(rt.state()).isPresent();
    }

    @Test
    void conflictsThatOutlastTheRetriesFailTheRunAndTheNextRunApplies() {
        cluster.server.expect().put().withPath(SCALE).andReturn(409, KubernetesActuatorTest.conflict()).times(3);
        ScalingRun run = run(Leadership.always());

        RunOutcome failed = run.run(rt);
        RunOutcome next = run.run(rt);

        assertThat(failed.status()).isEqualTo(RunOutcome.Status.FAILED);
        assertThat(failed.message()).contains("409");
        assertThat(next.status()).isEqualTo(RunOutcome.Status.OK);
        assertThat(replicas()).isEqualTo(8);
    }

    @Test
    void aReplicaThatLosesTheLeaseMidRunStopsWritingAndAFollowerWritesNothing() {
        int[] checks = {0};
        Leadership losing = () -> checks[0]++ < 2; // leads for the run's first check and the scale write only
        run(losing).run(rt);
        long writesAfterTheScale = cluster.scalerCalls().stream().filter(c -> !c.verb().equals("get")
                && !c.verb().equals("list") && !c.rbacResource().equals("deployments/scale")).count();
        assertThat(writesAfterTheScale).as("no status, event or pod writes after the lease was lost").isZero();

        cluster.scalerCalls();
        PoolRuntime other = new PoolRuntime(rt.entry(), 50);
        RunOutcome follower = run(() -> false).run(other);
        assertThat(cluster.scalerCalls().stream().filter(c -> !c.verb().equals("get") && !c.verb().equals("list")))
                .isEmpty();
        assertThat(follower.status()).isNotEqualTo(RunOutcome.Status.FAILED);
        assertThat(other.state()).as("a standby keeps its planner state, for a warm takeover").isPresent();
    }

    @Test
    void aLeaderThatCannotRenewItsLeaseFailsItsRunsWithoutWritingAndLeadsAgainWhenTheApiServerAnswers()
            throws Exception {
        LeaseLeadership leadership = leading();
        ScalingRun run = run(leadership);
        assertThat(scrape()).contains("\nneuronetes_leader 1.0");
        // The next 20 reads of the lease fail: about 1 s of renewals (every 200 ms) up to the renew deadline, then
        // about 4 s of attempts to acquire it again (every 200 to 440 ms), in which the run below takes place.
        cluster.server.expect().get().withPath(LEASE).andReturn(500, new StatusBuilder().withCode(500)
                .withMessage("etcdserver: request timed out").build()).times(20);

        await(() -> leadership.status().role() == Leadership.Role.UNAVAILABLE, "the lease counts as lost");
        cluster.scalerCalls();
        RunOutcome failed = run.run(rt);

        assertThat(leadership.isLeader()).isFalse();
        assertThat(failed.status()).isEqualTo(RunOutcome.Status.FAILED);
        assertThat(failed.message()).contains("lease neuronetes/neuronetes-scaler cannot be renewed")
                .contains("500").contains("etcdserver: request timed out");
        assertThat(writes(cluster.scalerCalls())).as("nothing written while not leading").isEmpty();
        assertThat(replicas()).isEqualTo(2);
        assertThat(rt.state()).isEmpty();
        assertThat(scrape()).contains("\nneuronetes_leader 0.0")
                .contains("neuronetes_run_errors_total{kind=\"failed\",pool=\"web\",stage=\"actuate\"} 1.0")
                .contains("neuronetes_runs_total{outcome=\"failed\",pool=\"web\"} 1.0");

        await(leadership::isLeader, "scaler-a leads again once the lease can be read");
        RunOutcome next = run.run(rt);

        assertThat(next.status()).isEqualTo(RunOutcome.Status.OK);
        assertThat(replicas()).isEqualTo(8); // ceil(75 / 10)
        assertThat(scrape()).contains("\nneuronetes_leader 1.0");
    }

    @Test
    void aLeaderWhoseLeaseAnotherReplicaTakesStandsByAtOnceAndSkipsItsRuns() throws Exception {
        LeaseLeadership leadership = leading();
        ScalingRun run = run(leadership);
        otherReplica = Executors.newSingleThreadScheduledExecutor();
        long takenAt = System.nanoTime();
        otherReplica.scheduleWithFixedDelay(() -> hold("scaler-b"), 0, 100, TimeUnit.MILLISECONDS);

        await(() -> !leadership.isLeader(), "scaler-a stops leading");
        Duration stopped = Duration.ofNanos(System.nanoTime() - takenAt);
        cluster.scalerCalls();
        RunOutcome skipped = run.run(rt);

        // at its next read of the lease (every retry period of 200 ms), not at the renew deadline of 1 s
        assertThat(stopped).isLessThan(LeaseLeadershipTest.RENEW);
        assertThat(leadership.status().role()).isEqualTo(Leadership.Role.STANDBY);
        assertThat(leadership.status().message()).contains("held by scaler-b");
        assertThat(skipped.status()).isNotEqualTo(RunOutcome.Status.FAILED);
        assertThat(rt.log().last().map(DecisionRecord::actuation).orElseThrow().code()).isEqualTo("SKIPPED");
        assertThat(writes(cluster.scalerCalls())).as("a standby writes nothing").isEmpty();
        assertThat(replicas()).isEqualTo(2);
        assertThat(scrape()).contains("\nneuronetes_leader 0.0")
                .contains("neuronetes_run_errors_total{kind=\"skipped\",pool=\"web\",stage=\"actuate\"} 1.0")
                .doesNotContain("outcome=\"failed\"");

        otherReplica.shutdownNow(); // scaler-b stops renewing: its lease expires and scaler-a takes it
        await(leadership::isLeader, "scaler-a takes the expired lease");
        assertThat(run.run(rt).status()).isEqualTo(RunOutcome.Status.OK);
        assertThat(replicas()).isEqualTo(8);
    }

    /** Writes the lease as {@code holder} renewing it now, as another replica of the service would. */
    void hold(String holder) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        try {
            cluster.client.leases().inNamespace("neuronetes").withName("neuronetes-scaler").edit(l ->
                    new LeaseBuilder(l).editSpec().withHolderIdentity(holder).withRenewTime(now).endSpec().build());
        } catch (KubernetesClientException e) {
            // a conflict with scaler-a's renewal: the next attempt writes it
        }
    }

    /** The scaler's requests that change something, leader election left out. */
    static List<ApiCall> writes(List<ApiCall> calls) {
        return calls.stream().filter(c -> !List.of("get", "list", "watch").contains(c.verb()))
                .filter(c -> !c.resource().equals("leases")).toList();
    }
}
