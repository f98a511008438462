package io.neuronetes.service.kubernetes;

import static io.neuronetes.service.kubernetes.LeaseLeadershipTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolDocument;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.pools.PoolListener;
import io.neuronetes.service.pools.PoolOrigin;
import io.neuronetes.service.pools.PoolRegistry;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.ForecastResult;
import io.neuronetes.service.runs.ManualOverride;
import io.neuronetes.service.runs.OverrideStore;
import io.neuronetes.service.runs.Overrides;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunOutcome;
import io.neuronetes.service.runs.ScalingRun;
import io.neuronetes.service.runs.SignalReader;
import io.neuronetes.service.testsupport.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manual overrides kept on the AgentPool's {@code neuronetes.io/override} annotation, with replicas of the service
 * that each have their own API client, lease, pool source and registry on one mock API server: the override the
 * leader accepted holds on the replica that takes over (its first run), and on a replica started afterwards; a
 * lapsed annotation is ignored, and removed by the leader; a malformed one is reported and ignored while the pool,
 * and the others, go on being scaled; an override that cannot be stored is not applied. Ending an override removes
 * the annotation, so that no replica brings it back; removing the annotation by hand ends the override on every
 * replica; an end that cannot be stored leaves the override in force.
 */
class StoredOverrideTest {

    static final Instant T0 = KubernetesFaultRunTest.T0;
    static final String NS = KubernetesFaultRunTest.NS;
    static final String KEY = NeuronetesApi.OVERRIDE_ANNOTATION;
    static final String POOL_PATH = "/apis/neuronetes.io/v1alpha1/namespaces/agents/agentpools/web";

    MockCluster cluster;
    final List<Replica> replicas = new ArrayList<>();
    final LogCapture capture = new LogCapture();
    final List<LogRecord> logged = capture.records();
    final Logger overridesLog = Logger.getLogger(Overrides.class.getName());

    /**
     * Between a replica's pool source and its registry, standing for the informer's watch. While down it holds
     * back what the source delivers and keeps only the last document of each pool, as an informer whose watch is
     * down sees none of the changes in between; back up it delivers that last document where it differs from the
     * one delivered before, as the informer's re-list does ({@code ClusterPoolSource} drops an unchanged one).
     * {@link #stale} delivers a pool as it was before, as a re-list from an API server whose cache lags behind can.
     */
    static final class Watch implements PoolListener {
        private final PoolListener registry;
        private final Map<PoolOrigin, PoolDocument> delivered = new ConcurrentHashMap<>();
        private final Map<PoolOrigin, PoolDocument> held = new ConcurrentHashMap<>();
        private boolean down;

        Watch(PoolListener registry) {
            this.registry = registry;
        }

        synchronized void down() {
            down = true;
        }

        /** The re-list: each pool's last document, where it differs from the one delivered before. */
        synchronized void up() {
            down = false;
            held.forEach((origin, d) -> {
                PoolDocument before = delivered.get(origin);
                if (before == null || !before.tree().equals(d.tree())
                        || !before.storedOverride().equals(d.storedOverride())) {
                    changed(d);
                }
            });
            held.clear();
        }

        /** The annotation of pool {@code name} in the last document held back while down; null when none came. */
        Optional<String> held(String name) {
            PoolDocument d = held.get(PoolOrigin.resource(NS, name));
            return d == null ? null : d.storedOverride();
        }

        /** Delivers pool {@code name} as delivered last but with {@code annotation}, as a stale re-list can. */
        synchronized void stale(String name, Optional<String> annotation) {
            PoolDocument last = delivered.get(PoolOrigin.resource(NS, name));
            changed(new PoolDocument(last.origin(), last.tree(), last.revision(), annotation));
        }

        @Override
        public synchronized void added(PoolDocument d) {
            if (down) {
                held.put(d.origin(), d);
            } else {
                delivered.put(d.origin(), d);
                registry.added(d);
            }
        }

        @Override
        public synchronized void changed(PoolDocument d) {
            if (down) {
                held.put(d.origin(), d);
            } else {
                delivered.put(d.origin(), d);
                registry.changed(d);
            }
        }

        @Override
        public synchronized void deleted(PoolOrigin origin) {
            registry.deleted(origin);
        }

        @Override
        public synchronized void unreadable(PoolOrigin origin, String reason) {
            registry.unreadable(origin, reason);
        }
    }

    /**
     * One replica of the service, wired as the service wires it: the cluster pool source feeds a registry (through
     * a {@link Watch} the tests can take down) whose pools get a runtime each, with the stored override restored
     * when a pool arrives or its annotation changes ({@code Scaler.upserted}; the runs it asks for at once are
     * counted); runs at the fixed instant {@link #T0} with 75 concurrent sessions (8 replicas), naming the version
     * of the pool's document served, each started by the check of an override in force against the annotation and
     * followed by the removal of a lapsed annotation, as the service schedules them; the documents not served are
     * reported by {@link #reportNotServed}.
     */
    static final class Replica implements PoolRegistry.Listener, AutoCloseable {
        final String identity;
        final KubernetesClient client;
        final LeaseLeadership lease;
        final Leadership leadership;
        final ClusterPoolSource source;
        final Watch watch;
        final Overrides overrides;
        final KubernetesActuator actuator;
        final PoolRegistry registry = new PoolRegistry();
        final ScalingRun run;
        final Map<String, PoolRuntime> runtimes = new ConcurrentHashMap<>();
        final Map<String, Integer> runsAsked = new ConcurrentHashMap<>();

        Replica(MockCluster cluster, String identity, boolean elect) {
            this.identity = identity;
            client = cluster.newClient();
            lease = elect ? LeaseLeadershipTest.replica(client, identity) : null;
            leadership = elect ? lease : Leadership.always();
            Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
            overrides = new Overrides(new AnnotationOverrideStore(client, leadership), clock, Duration.ofMinutes(15));
            actuator = KubernetesActuatorTest.actuator(client, leadership, identity);
            run = new ScalingRun(new SignalReader(KubernetesFaultRunTest.SEVENTY_FIVE, QueryTemplates.builtIn(),
                    Map.of()), (e, now) -> ForecastResult.none("no model in this test"), actuator,
                    new ScalerMetrics(), clock, ScalingRun.specVersions(registry));
            source = new ClusterPoolSource(client, List.of(), Duration.ZERO, Duration.ofSeconds(10));
            registry.addListener(this);
            watch = new Watch(registry);
            if (lease != null) {
                lease.start();
            }
            source.start(watch);
        }

        @Override
        public void upserted(PoolEntry entry) {
            PoolRuntime existing = runtimes.get(entry.name());
            PoolEntry before = existing == null ? null : existing.entry();
            PoolRuntime rt = existing == null ? new PoolRuntime(entry, 50) : existing;
            rt.entry(entry);
            boolean acting = actuator.standingBy().isEmpty();
            Overrides.Restored restored = overrides.restore(rt, before, acting);
            if (acting && (restored == Overrides.Restored.ENDED || restored == Overrides.Restored.UNVERIFIED)) {
                runsAsked.merge(entry.name(), 1, Integer::sum);
            }
            runtimes.put(entry.name(), rt); // published once restored, for the tests' waits
        }

        /** How many runs of the pool its restores asked for at once. */
        int runsAsked(String name) {
            return runsAsked.getOrDefault(name, 0);
        }

        @Override
        public void removed(String name) {
            runtimes.remove(name);
        }

        /** The pool's runtime, once this replica's pool source has delivered it (on an informer's thread). */
        PoolRuntime pool(String name) {
            try {
                await(() -> runtimes.containsKey(name), identity + " to serve pool " + name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return runtimes.get(name);
        }

        /** Reports the documents this replica does not serve, as the service's run loop does. */
        void reportNotServed() {
            actuator.notServed(registry.problems(), T0);
        }

        /** Runs the pool once, as the service's run loop does, and returns the decision it recorded. */
        DecisionRecord runOnce(String name) {
            overrides.verify(pool(name), actuator.standingBy().isEmpty());
            RunOutcome outcome = run.run(pool(name));
            overrides.removeLapsed(pool(name));
            assertThat(outcome.status()).as(identity + ": " + outcome).isNotEqualTo(RunOutcome.Status.FAILED);
            return pool(name).log().last().orElseThrow();
        }

        @Override
        public void close() {
            source.close();
            if (lease != null) {
                lease.close();
            }
            client.close();
        }
    }

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        cluster.deployment(NS, "web", 2);
        cluster.pod(NS, "web", "p1", NeuronetesApi.SERVING, true, T0.minusSeconds(600));
        cluster.pod(NS, "web", "p2", NeuronetesApi.SERVING, true, T0.minusSeconds(600));
        overridesLog.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        overridesLog.removeHandler(capture);
        replicas.forEach(Replica::close);
        cluster.close();
    }

    Replica start(String identity, boolean elect) {
        Replica r = new Replica(cluster, identity, elect);
        replicas.add(r);
        return r;
    }

    /** Creates pool {@code name} (1..20 replicas, 10 sessions per replica) with the annotation, unless null. */
    GenericKubernetesResource pool(String name, String annotation) {
        GenericKubernetesResource r = cluster.client.getKubernetesSerialization().unmarshal(
                KubernetesFaultRunTest.POOL.replace("web", name), GenericKubernetesResource.class);
        if (annotation != null) {
            r.getMetadata().setAnnotations(Map.of(KEY, annotation));
        }
        return cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(NS).resource(r)
                .create();
    }

    String annotation(String name) {
        Map<String, String> annotations = cluster.getPool(NS, name).getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(KEY);
    }

    int workload(String name) {
        return cluster.client.apps().deployments().inNamespace(NS).withName(name).get().getSpec().getReplicas();
    }

    static ManualOverride override(int replicas, Instant at, Duration lifetime) {
        return new ManualOverride(replicas, replicas, "launch", at, at.plus(lifetime));
    }

    @Test
    void theReplicaThatTakesOverHoldsTheOverrideTheLeaderAcceptedFromItsFirstRun() throws Exception {
        pool("web", null);
        Replica a = start("scaler-a", true);
        Replica b = start("scaler-b", true);
        await(() -> a.leadership.isLeader() || b.leadership.isLeader(), "a leader");
        Replica leader = a.leadership.isLeader() ? a : b;
        Replica standby = leader == a ? b : a;

        ManualOverride accepted = leader.overrides.accept(leader.pool("web"), 4, "launch");

        assertThat(accepted).isEqualTo(override(4, T0, Duration.ofMinutes(15)));
        assertThat(OverrideAnnotation.read(annotation("web"))).isEqualTo(accepted);
        assertThat(leader.runOnce("web").codes()).contains("OVERRIDE");
        assertThat(workload("web")).isEqualTo(4); // not 8 = ceil(75 / 10)
        await(() -> standby.pool("web").override().isPresent(), "the annotation to reach " + standby.identity);
        assertThat(standby.pool("web").override()).contains(accepted);

        leader.close();
        replicas.remove(leader);
        await(standby.leadership::isLeader, "failover to " + standby.identity);
        DecisionRecord first = standby.runOnce("web");

        assertThat(first.codes()).contains("OVERRIDE");
        assertThat(first.actuation().code()).isEqualTo("UNCHANGED");
        assertThat(first.desired()).isEqualTo(4);
        assertThat(workload("web")).isEqualTo(4);

        // A replica started now (a restart) loads the pool with its override in force; it stands by.
        Replica restarted = start("scaler-c", true);
        assertThat(restarted.pool("web").override()).contains(accepted);
        DecisionRecord skipped = restarted.runOnce("web");
        assertThat(skipped.codes()).contains("OVERRIDE");
        assertThat(skipped.actuation().code()).isEqualTo("SKIPPED");
        assertThat(workload("web")).isEqualTo(4);
    }

    @Test
    void aRestoredOverrideIsClampedToTheBoundsInForce() throws Exception {
        // 30 asked, held at 12 when maxReplicas was 12; the pool's maximum is now 6.
        pool("web", OverrideAnnotation.write(new ManualOverride(12, 30, "launch", T0.minusSeconds(60),
                T0.plusSeconds(840))));
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(NS).withName("web")
                .edit(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
                    spec.put("maxReplicas", 6);
                    return r;
                });
        Replica only = start("scaler-a", false);
        assertThat(only.pool("web").entry().pool().maxReplicas()).isEqualTo(6);

        assertThat(only.pool("web").override().orElseThrow().replicas()).isEqualTo(6);
        assertThat(only.pool("web").override().orElseThrow().requested()).isEqualTo(30);
        DecisionRecord d = only.runOnce("web");
        assertThat(d.codes()).contains("OVERRIDE");
        assertThat(workload("web")).isEqualTo(6);
    }

    @Test
    void aLapsedOverrideInTheAnnotationIsIgnored() throws Exception {
        pool("web", OverrideAnnotation.write(override(4, T0.minus(Duration.ofMinutes(20)), Duration.ofMinutes(15))));
        Replica only = start("scaler-a", false);

        assertThat(only.pool("web").override()).isEmpty();
        assertThat(only.pool("web").storedOverrideProblem()).isEmpty();
        DecisionRecord d = only.runOnce("web");
        assertThat(d.codes()).doesNotContain("OVERRIDE", "OVERRIDE_INVALID");
        assertThat(workload("web")).isEqualTo(8); // ceil(75 / 10): the planner's own decision
        assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).contains("pool agents/web")
                .contains("lapsed at 2024-03-04T11:55:00Z; ignored"));
    }

    static final String GOOD = "{\"replicas\":4,\"requested\":4,\"reason\":\"launch\",\"at\":\"2024-03-04T12:00:00Z\","
            + "\"until\":\"2024-03-04T12:15:00Z\"}";

    static Stream<Arguments> malformed() {
        return Stream.of(
                // name, annotation value, what the report says is wrong
                Arguments.of("not JSON", "replicas=4", "not valid JSON"),
                Arguments.of("negative replicas", GOOD.replace("\"replicas\":4", "\"replicas\":-3"),
                        "replicas: expected a whole number >= 0, got -3"),
                Arguments.of("unparseable time", GOOD.replace("2024-03-04T12:15:00Z", "in 15 minutes"),
                        "until: expected an ISO-8601 time"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedAnnotationIsReportedAndIgnoredAndThePoolsGoOnBeingScaled(String name, String value, String problem)
            throws Exception {
        cluster.deployment(NS, "chat", 2);
        pool("web", value);
        pool("chat", OverrideAnnotation.write(override(3, T0, Duration.ofMinutes(15))));
        Replica only = start("scaler-a", false);
        only.pool("chat");
        only.pool("web");

        String where = "annotation neuronetes.io/override of AgentPool agents/web ignored: ";
        assertThat(logged).filteredOn(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .extracting(LogRecord::getMessage).anySatisfy(m -> assertThat(m).startsWith("pool agents/web: " + where)
                        .contains(problem));
        assertThat(only.pool("web").override()).isEmpty();
        assertThat(only.pool("web").storedOverrideProblem()).hasValueSatisfying(p -> assertThat(p).contains(problem));

        DecisionRecord web = only.runOnce("web");
        assertThat(web.codes()).contains("OVERRIDE_INVALID").doesNotContain("OVERRIDE");
        assertThat(web.reasons()).filteredOn(r -> r.code().equals("OVERRIDE_INVALID")).singleElement()
                .satisfies(r -> assertThat(r.message()).startsWith(where).contains(problem));
        assertThat(workload("web")).isEqualTo(8); // scaled by the planner as if there were no annotation
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reasons = (List<Map<String, Object>>) ((Map<String, Object>) cluster.getPool(NS,
                "web").get("status")).get("reasons");
        assertThat(reasons).anySatisfy(r -> assertThat(r).containsEntry("code", "OVERRIDE_INVALID"));

        // the other pool's override holds
        assertThat(only.runOnce("chat").codes()).contains("OVERRIDE").doesNotContain("OVERRIDE_INVALID");
        assertThat(workload("chat")).isEqualTo(3);

        // fixed in the cluster: the problem goes, the override holds
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(NS).withName("web")
                .edit(r -> {
                    r.getMetadata().getAnnotations().put(KEY, OverrideAnnotation.write(override(5, T0,
                            Duration.ofMinutes(15))));
                    return r;
                });
        await(() -> only.pool("web").override().isPresent(), "the fixed annotation");
        assertThat(only.pool("web").storedOverrideProblem()).isEmpty();
        assertThat(only.runOnce("web").codes()).contains("OVERRIDE").doesNotContain("OVERRIDE_INVALID");
        assertThat(workload("web")).isEqualTo(5);
    }

    @Test
    void anOverrideThatCannotBeStoredIsNotApplied() throws Exception {
        pool("web", null);
        Replica only = start("scaler-a", false);
        cluster.server.expect().patch().withPath(POOL_PATH).andReturn(500, new StatusBuilder().withCode(500)
                .withMessage("etcdserver: request timed out").build()).once();

        assertThatThrownBy(() -> only.overrides.accept(only.pool("web"), 4, "launch"))
                .isInstanceOfSatisfying(OverrideStore.NotStoredException.class, e -> {
                    assertThat(e.standingBy()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("annotation neuronetes.io/override of AgentPool agents/web "
                            + "could not be written: Kubernetes API error 500: etcdserver: request timed out");
                });

        assertThat(only.pool("web").override()).isEmpty();
        assertThat(annotation("web")).isNull();
        assertThat(only.runOnce("web").codes()).doesNotContain("OVERRIDE");
        assertThat(workload("web")).isEqualTo(8);

        // the API server answers again: the retry is stored and applied
        assertThat(only.overrides.accept(only.pool("web"), 4, "launch").replicas()).isEqualTo(4);
        assertThat(annotation("web")).isNotNull();
        assertThat(only.runOnce("web").codes()).contains("OVERRIDE");
        assertThat(workload("web")).isEqualTo(4);
    }

    /** Removes the annotation as {@code kubectl annotate agentpool NAME neuronetes.io/override-} does. */
    void removeAnnotationByHand(String name) {
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(NS).withName(name)
                .edit(r -> {
                    r.getMetadata().getAnnotations().remove(KEY);
                    return r;
                });
    }

    /** The leader and the standby, once one of them leads. */
    List<Replica> leaderAndStandby() throws Exception {
        Replica a = start("scaler-a", true);
        Replica b = start("scaler-b", true);
        await(() -> a.leadership.isLeader() || b.leadership.isLeader(), "a leader");
        Replica leader = a.leadership.isLeader() ? a : b;
        Replica standby = leader == a ? b : a;
        await(() -> standby.leadership.status().role() == Leadership.Role.STANDBY, standby.identity + " stands by");
        // Renewed since: a cold start can hold up a renewal past the 1 s deadline while the standby starts.
        await(leader.leadership::isLeader, leader.identity + " to lead");
        return List.of(leader, standby);
    }

    @Test
    void anEndedOverrideIsRemovedFromTheAnnotationAndATakeoverDoesNotBringItBack() throws Exception {
        pool("web", null);
        List<Replica> both = leaderAndStandby();
        Replica leader = both.get(0);
        Replica standby = both.get(1);
        ManualOverride accepted = leader.overrides.accept(leader.pool("web"), 4, "launch");
        await(() -> standby.pool("web").override().isPresent(), "the annotation to reach " + standby.identity);
        assertThat(leader.runOnce("web").codes()).contains("OVERRIDE");

        assertThat(leader.overrides.end(leader.pool("web"))).contains(accepted);

        assertThat(annotation("web")).isNull();
        assertThat(leader.pool("web").override()).isEmpty();
        DecisionRecord next = leader.runOnce("web");
        assertThat(next.codes()).doesNotContain("OVERRIDE");
        assertThat(next.current()).isEqualTo(4); // the planner resumes from the held size
        assertThat(workload("web")).isEqualTo(8); // ceil(75 / 10)
        await(() -> standby.pool("web").override().isEmpty(), "the removal to reach " + standby.identity);
        assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).isEqualTo("pool agents/web: override to 4 "
                + "replicas until 2024-03-04T12:15:00Z ended: annotation neuronetes.io/override of AgentPool "
                + "agents/web was removed"));

        leader.close();
        replicas.remove(leader);
        await(standby.leadership::isLeader, "failover to " + standby.identity);
        DecisionRecord first = standby.runOnce("web");
        assertThat(first.codes()).doesNotContain("OVERRIDE");
        assertThat(first.desired()).isEqualTo(8);
        Replica restarted = start("scaler-c", true);
        assertThat(restarted.pool("web").override()).isEmpty();
        assertThat(restarted.runOnce("web").codes()).doesNotContain("OVERRIDE");

        // nothing in force any more: ending again changes nothing and writes nothing
        assertThat(standby.overrides.end(standby.pool("web"))).isEmpty();
    }

    @Test
    void removingTheAnnotationByHandEndsTheOverrideOnTheLeaderAndTheStandby() throws Exception {
        pool("web", null);
        List<Replica> both = leaderAndStandby();
        Replica leader = both.get(0);
        Replica standby = both.get(1);
        leader.overrides.accept(leader.pool("web"), 4, "launch");
        await(() -> standby.pool("web").override().isPresent(), "the annotation to reach " + standby.identity);
        assertThat(leader.runOnce("web").codes()).contains("OVERRIDE");

        // A change that leaves the annotation as it is (the spec here) ends nothing.
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(NS).withName("web")
                .edit(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
                    spec.put("maxReplicas", 19);
                    return r;
                });
        for (Replica r : both) {
            await(() -> r.pool("web").entry().pool().maxReplicas() == 19, "the spec change to reach " + r.identity);
            assertThat(r.pool("web").override()).as(r.identity).isPresent();
        }

        removeAnnotationByHand("web");

        // The standby ends it on the removal; the leader runs the pool at once, and the run, having read the
        // annotation gone from the API server, ends it and decides without it.
        await(() -> standby.pool("web").override().isEmpty(), "the removal to end the override on the standby");
        await(() -> leader.runsAsked("web") == 1, "the leader to ask for a run at once");
        assertThat(leader.runOnce("web").codes()).doesNotContain("OVERRIDE");
        assertThat(leader.pool("web").override()).isEmpty();
        assertThat(standby.runOnce("web").codes()).doesNotContain("OVERRIDE");
        assertThat(workload("web")).isEqualTo(8);
    }

    /**
     * The leader accepts an override while its watch is down, and the annotation is removed by hand before the
     * watch is back: the re-list shows the pool without the annotation and the value seen before (older) as the
     * one removed. The leader runs the pool at once, and the run reads the annotation gone and ends the override.
     */
    @Test
    void anOverrideAcceptedAndRemovedByHandWhileTheLeadersWatchIsDownEndsAtTheReList() throws Exception {
        ManualOverride earlier = override(6, T0.minusSeconds(300), Duration.ofMinutes(15));
        pool("web", OverrideAnnotation.write(earlier));
        List<Replica> both = leaderAndStandby();
        Replica leader = both.get(0);
        Replica standby = both.get(1);
        assertThat(leader.pool("web").override()).contains(earlier);

        leader.watch.down();
        ManualOverride accepted = leader.overrides.accept(leader.pool("web"), 4, "launch");
        await(() -> standby.pool("web").override().equals(Optional.of(accepted)), "the write to reach the standby");
        // The run the override starts: the entry still shows the earlier value, the API server the new one.
        assertThat(leader.runOnce("web").codes()).contains("OVERRIDE");
        assertThat(leader.pool("web").override()).contains(accepted);
        assertThat(workload("web")).isEqualTo(4);

        removeAnnotationByHand("web");
        await(() -> Optional.empty().equals(leader.watch.held("web")), "the removal behind the leader's watch");
        await(() -> standby.pool("web").override().isEmpty(), "the removal to end the override on the standby");
        leader.watch.up();

        assertThat(leader.runsAsked("web")).as("a run at once").isEqualTo(1);
        DecisionRecord d = leader.runOnce("web");
        assertThat(d.codes()).doesNotContain("OVERRIDE");
        assertThat(leader.pool("web").override()).isEmpty();
        assertThat(workload("web")).isEqualTo(8); // ceil(75 / 10)
        assertThat(logged).extracting(LogRecord::getMessage).contains("pool agents/web: annotation "
                + "neuronetes.io/override of AgentPool agents/web no longer holds the override in force (accepted at "
                + "2024-03-04T12:00:00Z), as read now; the pool's entry had not shown it", "pool agents/web: override "
                + "to 4 replicas until 2024-03-04T12:15:00Z ended: annotation neuronetes.io/override of AgentPool "
                + "agents/web was removed");
    }

    /**
     * The leader saw no annotation before its watch went down; an override is accepted and removed by hand while it
     * is down, so the re-list shows no change at all. The leader's next run reads the annotation gone and ends it.
     */
    @Test
    void anOverrideAcceptedAndRemovedByHandWhileTheLeadersWatchIsDownEndsAtTheNextRunWithoutAnEvent()
            throws Exception {
        pool("web", null);
        List<Replica> both = leaderAndStandby();
        Replica leader = both.get(0);
        Replica standby = both.get(1);

        leader.watch.down();
        leader.overrides.accept(leader.pool("web"), 4, "launch");
        await(() -> standby.pool("web").override().isPresent(), "the write to reach the standby");
        assertThat(leader.runOnce("web").codes()).contains("OVERRIDE");
        removeAnnotationByHand("web");
        await(() -> Optional.empty().equals(leader.watch.held("web")), "the removal behind the leader's watch");
        await(() -> standby.pool("web").override().isEmpty(), "the removal to end the override on the standby");
        leader.watch.up();

        assertThat(leader.runsAsked("web")).as("nothing delivered, nothing asked").isZero();
        assertThat(leader.pool("web").entry().storedOverride()).isEmpty();
        DecisionRecord d = leader.runOnce("web");
        assertThat(d.codes()).doesNotContain("OVERRIDE");
        assertThat(leader.pool("web").override()).isEmpty();
        assertThat(workload("web")).isEqualTo(8);
    }

    /**
     * A stale event (a re-list from an API server whose cache lags behind, showing the pool as it was before the
     * leader's write) while the annotation is still there ends nothing on the leader: the run it asks for reads the
     * annotation and holds the override. A late removal of an earlier override is checked the same way.
     */
    @Test
    void aStaleEventWhileTheAnnotationIsStillThereDoesNotEndTheOverride() throws Exception {
        ManualOverride earlier = override(6, T0.minusSeconds(300), Duration.ofMinutes(15));
        pool("web", OverrideAnnotation.write(earlier));
        List<Replica> both = leaderAndStandby();
        Replica leader = both.get(0);
        ManualOverride accepted = leader.overrides.accept(leader.pool("web"), 4, "launch");
        String written = OverrideAnnotation.write(accepted);
        await(() -> leader.pool("web").entry().storedOverride().equals(Optional.of(written)),
                "the write to reach the leader");
        assertThat(leader.runOnce("web").codes()).contains("OVERRIDE");

        leader.watch.stale("web", Optional.empty()); // the pool without the annotation
        assertThat(leader.pool("web").override()).contains(accepted);
        assertThat(leader.runsAsked("web")).isEqualTo(1);
        assertThat(leader.runOnce("web").codes()).contains("OVERRIDE");
        assertThat(leader.pool("web").override()).contains(accepted);
        assertThat(workload("web")).isEqualTo(4);

        leader.watch.stale("web", Optional.of(OverrideAnnotation.write(earlier))); // then with the earlier value
        leader.watch.stale("web", Optional.empty()); // and its removal, late
        assertThat(leader.runsAsked("web")).isEqualTo(3);
        assertThat(leader.runOnce("web").codes()).contains("OVERRIDE");
        assertThat(leader.pool("web").override()).contains(accepted);
        assertThat(annotation("web")).isEqualTo(written);
    }

    /**
     * The read of the annotation fails (500): the override stays in force, the failure is logged naming the pool
     * and the cause, and the next run reads again and ends it.
     */
    @Test
    void aFailedReadLeavesTheOverrideInForceAndTheNextRunReadsAgain() throws Exception {
        pool("web", null);
        Replica only = start("scaler-a", false);
        only.pool("web");
        only.watch.down();
        ManualOverride accepted = only.overrides.accept(only.pool("web"), 4, "launch");
        removeAnnotationByHand("web");
        await(() -> Optional.empty().equals(only.watch.held("web")), "the removal behind the watch");
        cluster.server.expect().get().withPath(POOL_PATH).andReturn(500, new StatusBuilder().withCode(500)
                .withMessage("etcdserver: request timed out").build()).once();

        assertThat(only.runOnce("web").codes()).contains("OVERRIDE");
        assertThat(only.pool("web").override()).contains(accepted);
        assertThat(workload("web")).isEqualTo(4);
        assertThat(logged).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).isEqualTo("pool agents/web: could not check that the override in force "
                    + "(accepted at 2024-03-04T12:00:00Z) is still stored; it stays in force and the next run reads "
                    + "again: annotation neuronetes.io/override of AgentPool agents/web could not be read: Kubernetes "
                    + "API error 500: etcdserver: request timed out");
        });

        assertThat(only.runOnce("web").codes()).doesNotContain("OVERRIDE");
        assertThat(only.pool("web").override()).isEmpty();
        assertThat(workload("web")).isEqualTo(8);
    }

    /**
     * Pools web and chat (a Deployment of 2), held at 4 and 3 by overrides the leader accepted, whose annotations
     * have reached the standby.
     *
     * @return the leader and the standby
     */
    List<Replica> webAndChatOverridden() throws Exception {
        cluster.deployment(NS, "chat", 2);
        pool("web", null);
        pool("chat", null);
        List<Replica> both = leaderAndStandby();
        Replica leader = both.get(0);
        Replica standby = both.get(1);
        leader.overrides.accept(leader.pool("web"), 4, "launch");
        leader.overrides.accept(leader.pool("chat"), 3, "launch");
        await(() -> standby.pool("web").override().isPresent() && standby.pool("chat").override().isPresent(),
                "the annotations to reach " + standby.identity);
        return both;
    }

    /** The leader stops and the standby takes the lead (its lease), as in a failover. */
    void failOver(Replica leader, Replica standby) throws Exception {
        leader.close();
        replicas.remove(leader);
        await(standby.leadership::isLeader, "failover to " + standby.identity);
    }

    /**
     * A stale re-list shows the standby the pool without the annotation, which is still there: the standby ends
     * the override, and a late copy of it does not bring it back. Once it takes the lead, its first run reads the
     * annotation from the API server and puts the override back in force before it decides.
     */
    @Test
    void aStandbyThatEndedAnOverrideOnAStaleReListPutsItBackInForceWhenItTakesTheLead() throws Exception {
        pool("web", null);
        List<Replica> both = leaderAndStandby();
        Replica leader = both.get(0);
        Replica standby = both.get(1);
        ManualOverride accepted = leader.overrides.accept(leader.pool("web"), 4, "launch");
        String written = OverrideAnnotation.write(accepted);
        await(() -> standby.pool("web").override().isPresent(), "the annotation to reach " + standby.identity);

        standby.watch.stale("web", Optional.empty()); // the pool without the annotation
        assertThat(standby.pool("web").override()).isEmpty();
        standby.watch.stale("web", Optional.of(written)); // then the annotation again: a late copy of the one ended
        assertThat(standby.pool("web").override()).isEmpty();
        assertThat(annotation("web")).isEqualTo(written);

        failOver(leader, standby);
        DecisionRecord first = standby.runOnce("web");

        assertThat(first.codes()).contains("OVERRIDE");
        assertThat(first.desired()).isEqualTo(4);
        assertThat(standby.pool("web").override()).contains(accepted);
        assertThat(workload("web")).isEqualTo(4); // not 8 = ceil(75 / 10)
        assertThat(logged).extracting(LogRecord::getMessage).contains("pool agents/web: override to 4 replicas until "
                + "2024-03-04T12:15:00Z restored from annotation neuronetes.io/override of AgentPool agents/web, as "
                + "read now: launch");
    }

    /**
     * An annotation removed by hand stays removed on the standby that takes the lead: one the standby ended on the
     * removal does not come back (nor does a late copy of it), and one whose removal its watch missed ends in its
     * first run as the leader, before it decides.
     */
    @Test
    void aStandbyThatTakesTheLeadDecidesWithoutAnOverrideThatWasRemoved() throws Exception {
        List<Replica> both = webAndChatOverridden();
        Replica leader = both.get(0);
        Replica standby = both.get(1);
        ManualOverride web = leader.pool("web").override().orElseThrow();

        removeAnnotationByHand("web"); // the standby sees it
        await(() -> standby.pool("web").override().isEmpty(), "the removal to end the override on the standby");
        standby.watch.stale("web", Optional.of(OverrideAnnotation.write(web))); // a late copy of it
        standby.watch.down();
        removeAnnotationByHand("chat"); // the standby's watch misses it
        await(() -> Optional.empty().equals(standby.watch.held("chat")), "the removal behind the standby's watch");
        assertThat(standby.pool("chat").override()).isPresent();

        failOver(leader, standby);

        assertThat(standby.runOnce("web").codes()).doesNotContain("OVERRIDE");
        assertThat(standby.pool("web").override()).isEmpty();
        assertThat(workload("web")).isEqualTo(8); // ceil(75 / 10)
        assertThat(standby.runOnce("chat").codes()).doesNotContain("OVERRIDE");
        assertThat(standby.pool("chat").override()).isEmpty();
        assertThat(logged).extracting(LogRecord::getMessage).contains("pool agents/chat: annotation "
                + "neuronetes.io/override of AgentPool agents/chat no longer holds the override in force (accepted at "
                + "2024-03-04T12:00:00Z), as read now; the pool's entry still shows it");
    }

    /**
     * The standby ended an override on a stale re-list and takes the lead; the read of the pool's annotation fails
     * (500): the first run decides as things are, the failure is logged, and the other pool's read is not held up;
     * the next run reads again and puts the override back in force.
     */
    @Test
    void aFailedReadAfterATakeoverLeavesThingsAsTheyAreAndTheNextRunReadsAgain() throws Exception {
        List<Replica> both = webAndChatOverridden();
        Replica leader = both.get(0);
        Replica standby = both.get(1);
        ManualOverride web = leader.pool("web").override().orElseThrow();
        ManualOverride chat = leader.pool("chat").override().orElseThrow();
        standby.watch.stale("web", Optional.empty());
        standby.watch.stale("chat", Optional.empty());
        assertThat(standby.pool("web").override()).isEmpty();
        assertThat(standby.pool("chat").override()).isEmpty();

        failOver(leader, standby);
        cluster.server.expect().get().withPath(POOL_PATH).andReturn(500, new StatusBuilder().withCode(500)
                .withMessage("etcdserver: request timed out").build()).once();

        assertThat(standby.runOnce("web").codes()).doesNotContain("OVERRIDE");
        assertThat(standby.pool("web").override()).isEmpty();
        assertThat(logged).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).isEqualTo("pool agents/web: could not read the stored override; the pool is "
                    + "scaled without one and the next run reads again: annotation neuronetes.io/override of "
                    + "AgentPool agents/web could not be read: Kubernetes API error 500: etcdserver: request timed "
                    + "out");
        });
        assertThat(standby.runOnce("chat").codes()).contains("OVERRIDE");
        assertThat(standby.pool("chat").override()).contains(chat);
        assertThat(workload("chat")).isEqualTo(3);

        assertThat(standby.runOnce("web").codes()).contains("OVERRIDE");
        assertThat(standby.pool("web").override()).contains(web);
        assertThat(workload("web")).isEqualTo(4);
    }

    @Test
    void aRemovalEndsTheOverrideHeldClampedToNewBoundsAndALateRemovalDoesNotEndANewerOne() throws Exception {
        pool("web", null);
        Replica only = start("scaler-a", false);
        PoolEntry live = only.pool("web").entry();
        ManualOverride older = override(30, T0.minusSeconds(300), Duration.ofMinutes(15));
        ManualOverride newer = override(4, T0, Duration.ofMinutes(15));
        PoolEntry storedOlder = new PoolEntry(live.pool(), live.origin(), live.toolBinding(),
                java.util.Optional.of(OverrideAnnotation.write(older)));
        PoolEntry none = new PoolEntry(live.pool(), live.origin(), live.toolBinding());

        // The one held is not the removed value itself (clamped to maxReplicas 20): the removal ends it all the same.
        PoolRuntime held = new PoolRuntime(storedOlder, 50);
        assertThat(only.overrides.restore(held, null, false)).isEqualTo(Overrides.Restored.IN_FORCE);
        assertThat(held.override().orElseThrow().replicas()).isEqualTo(20);
        held.entry(none);
        assertThat(only.overrides.restore(held, storedOlder, false)).isEqualTo(Overrides.Restored.ENDED);
        assertThat(held.override()).isEmpty();
        // ... and a late copy of it does not bring it back
        held.entry(storedOlder);
        assertThat(only.overrides.restore(held, none, false)).isEqualTo(Overrides.Restored.UNCHANGED);
        assertThat(held.override()).isEmpty();

        // The leader accepted a newer override, then the removal of the older one arrives late: the newer one stays.
        PoolRuntime leader = new PoolRuntime(none, 50);
        leader.override(newer);
        assertThat(only.overrides.restore(leader, storedOlder, false)).isEqualTo(Overrides.Restored.UNCHANGED);
        assertThat(leader.override()).contains(newer);
        assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).contains("a late removal of annotation "
                + "neuronetes.io/override of AgentPool agents/web (the override accepted at 2024-03-04T11:55:00Z) "
                + "ignored: the override in force was accepted after it, at 2024-03-04T12:00:00Z"));

        // A malformed value removed: nothing to compare, the annotation is the source of truth.
        PoolEntry malformed = new PoolEntry(live.pool(), live.origin(), live.toolBinding(),
                java.util.Optional.of("replicas=4"));
        assertThat(only.overrides.restore(leader, malformed, false)).isEqualTo(Overrides.Restored.ENDED);
        assertThat(leader.override()).isEmpty();
    }

    @Test
    void anEndAnswersWithTheOverrideItEndedAlsoWhenItsRemovalComesBackFirst() throws Exception {
        pool("web", null);
        Replica only = start("scaler-a", false);
        PoolEntry live = only.pool("web").entry();
        ManualOverride accepted = override(4, T0, Duration.ofMinutes(15));
        PoolEntry stored = new PoolEntry(live.pool(), live.origin(), live.toolBinding(),
                java.util.Optional.of(OverrideAnnotation.write(accepted)));
        PoolEntry removed = new PoolEntry(live.pool(), live.origin(), live.toolBinding());
        PoolRuntime rt = new PoolRuntime(stored, 50);
        OverrideStore annotation = new AnnotationOverrideStore(cluster.client, Leadership.always());
        java.util.concurrent.atomic.AtomicReference<Overrides> overrides = new java.util.concurrent.atomic
                .AtomicReference<>();
        // The informer delivers the removal before the write that removed the annotation has returned.
        overrides.set(new Overrides(new OverrideStore() {
            @Override
            public void save(PoolEntry pool, ManualOverride override) {
            }

            @Override
            public void remove(PoolEntry pool) {
                rt.entry(removed);
                overrides.get().restore(rt, stored, true);
            }

            @Override
            public boolean removeIfUnchanged(PoolEntry pool) {
                return false;
            }

            @Override
            public Stored stored(PoolEntry pool) {
                return annotation.stored(pool);
            }

            @Override
            public java.util.Optional<Stored> read(PoolEntry pool) {
                return annotation.read(pool);
            }
        }, Clock.fixed(T0, ZoneOffset.UTC), Duration.ofMinutes(15)));
        assertThat(overrides.get().restore(rt, null, true)).isEqualTo(Overrides.Restored.IN_FORCE);

        assertThat(overrides.get().end(rt)).contains(accepted);
        assertThat(rt.override()).isEmpty();
    }

    @Test
    void theLeaderRemovesALapsedAnnotationAfterARunAndTheStandbyLeavesIt() throws Exception {
        String lapsed = OverrideAnnotation.write(override(4, T0.minus(Duration.ofMinutes(20)), Duration.ofMinutes(15)));
        pool("web", lapsed);
        List<Replica> both = leaderAndStandby();
        Replica leader = both.get(0);
        Replica standby = both.get(1);

        assertThat(standby.runOnce("web").codes()).doesNotContain("OVERRIDE");
        assertThat(annotation("web")).isEqualTo(lapsed);

        DecisionRecord d = leader.runOnce("web");
        assertThat(d.codes()).doesNotContain("OVERRIDE", "OVERRIDE_INVALID");
        assertThat(workload("web")).isEqualTo(8);
        assertThat(annotation("web")).isNull();
        assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).isEqualTo("pool agents/web: the override in "
                + "annotation neuronetes.io/override of AgentPool agents/web lapsed at 2024-03-04T11:55:00Z; removed"));
    }

    @Test
    void aLapsedAnnotationIsRemovedOnlyWhileUnchangedAndAFailureIsLoggedOnceAndScalesOn() throws Exception {
        String lapsed = OverrideAnnotation.write(override(4, T0.minus(Duration.ofMinutes(20)), Duration.ofMinutes(15)));
        pool("web", lapsed);
        Replica only = start("scaler-a", false);
        cluster.server.expect().patch().withPath(POOL_PATH).andReturn(500, new StatusBuilder().withCode(500)
                .withMessage("etcdserver: request timed out").build()).once();

        DecisionRecord d = only.runOnce("web"); // not FAILED: the removal does not touch the run
        assertThat(d.codes()).doesNotContain("OVERRIDE");
        assertThat(workload("web")).isEqualTo(8);
        assertThat(annotation("web")).isEqualTo(lapsed);
        assertThat(logged).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).isEqualTo("pool agents/web: lapsed override not removed (not retried): "
                    + "annotation neuronetes.io/override of AgentPool agents/web could not be removed: Kubernetes API "
                    + "error 500: etcdserver: request timed out");
        });
        only.runOnce("web");
        assertThat(annotation("web")).as("tried once").isEqualTo(lapsed);

        // A value stored since the entry was read stays: the removal tests the value first, and the API server
        // refuses it with 422 (the mock server cannot answer a failed test; OverrideAnnotationTest applies the patch).
        PoolRuntime stale = new PoolRuntime(only.pool("web").entry(), 50);
        cluster.server.expect().patch().withPath(POOL_PATH).andReturn(422, new StatusBuilder().withCode(422)
                .withMessage("the server rejected our request due to an error in our request").build()).once();
        only.overrides.removeLapsed(stale);
        assertThat(annotation("web")).isEqualTo(lapsed);
        assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).isEqualTo("pool agents/web: the override in "
                + "annotation neuronetes.io/override of AgentPool agents/web lapsed at 2024-03-04T11:55:00Z; it "
                + "changed meanwhile, so it stays"));
    }

    @Test
    void anEndThatCannotBeStoredLeavesTheOverrideInForce() throws Exception {
        pool("web", null);
        Replica only = start("scaler-a", false);
        ManualOverride accepted = only.overrides.accept(only.pool("web"), 4, "launch");
        String stored = annotation("web");
        cluster.server.expect().patch().withPath(POOL_PATH).andReturn(500, new StatusBuilder().withCode(500)
                .withMessage("etcdserver: request timed out").build()).once();

        assertThatThrownBy(() -> only.overrides.end(only.pool("web")))
                .isInstanceOfSatisfying(OverrideStore.NotStoredException.class, e -> {
                    assertThat(e.standingBy()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("annotation neuronetes.io/override of AgentPool agents/web "
                            + "could not be removed: Kubernetes API error 500: etcdserver: request timed out");
                });

        assertThat(only.pool("web").override()).contains(accepted);
        assertThat(annotation("web")).isEqualTo(stored);
        assertThat(only.runOnce("web").codes()).contains("OVERRIDE");
        assertThat(workload("web")).isEqualTo(4);

        // the API server answers again: the retry ends it
        assertThat(only.overrides.end(only.pool("web"))).contains(accepted);
        assertThat(annotation("web")).isNull();
        assertThat(only.runOnce("web").codes()).doesNotContain("OVERRIDE");
        assertThat(workload("web")).isEqualTo(8);
    }

    @Test
    void aReplicaThatDoesNotLeadStoresNothingAndSaysItStandsBy() throws Exception {
        pool("web", null);
        Replica a = start("scaler-a", true);
        Replica b = start("scaler-b", true);
        await(() -> a.leadership.isLeader() || b.leadership.isLeader(), "a leader");
        Replica standby = a.leadership.isLeader() ? b : a;
        await(() -> standby.leadership.status().role() == Leadership.Role.STANDBY, standby.identity + " stands by");

        assertThatThrownBy(() -> standby.overrides.accept(standby.pool("web"), 4, "launch"))
                .isInstanceOfSatisfying(OverrideStore.NotStoredException.class, e -> {
                    assertThat(e.standingBy()).isTrue();
                    assertThat(e.getMessage()).contains("lease neuronetes/neuronetes-scaler");
                });
        assertThat(standby.pool("web").override()).isEmpty();
        assertThat(annotation("web")).isNull();

        // nor does it end one: the override the leader accepted stays, here and in the annotation
        Replica leader = standby == a ? b : a;
        ManualOverride accepted = leader.overrides.accept(leader.pool("web"), 4, "launch");
        await(() -> standby.pool("web").override().isPresent(), "the annotation to reach " + standby.identity);
        assertThatThrownBy(() -> standby.overrides.end(standby.pool("web")))
                .isInstanceOfSatisfying(OverrideStore.NotStoredException.class, e -> assertThat(e.standingBy())
                        .isTrue());
        assertThat(standby.pool("web").override()).contains(accepted);
        assertThat(OverrideAnnotation.read(annotation("web"))).isEqualTo(accepted);
    }
}
