package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.neuronetes.service.actuation.ActuationOutcome;
import io.neuronetes.service.actuation.ScaleCommand;
import io.neuronetes.service.actuation.WorkloadObservation;
import io.neuronetes.service.actuation.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes actuator against the mock API server: scale subresource, labels, status, events, failures. */
class KubernetesActuatorTest {

    static final String NS = "agents";
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final WorkloadRef WEB = new WorkloadRef("Deployment", NS, "web");

    MockCluster cluster;
    KubernetesActuator actuator;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        actuator = actuator(Leadership.always());
        cluster.agentPool(POOL);
    }

    static final String POOL = """
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata: {name: web, namespace: agents}
            spec: {minReplicas: 1, maxReplicas: 10, targetRef: {kind: Deployment, name: web}}
            """;

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    KubernetesActuator actuator(Leadership leadership) {
        return actuator(cluster.scaler, leadership);
    }

    static KubernetesActuator actuator(io.fabric8.kubernetes.client.KubernetesClient client, Leadership leadership) {
        return actuator(client, leadership, "scaler-0");
    }

    /** The actuator of the replica {@code identity} (the reporting instance of its events). */
    static KubernetesActuator actuator(io.fabric8.kubernetes.client.KubernetesClient client, Leadership leadership,
            String identity) {
        return new KubernetesActuator(leadership, new WorkloadScaler(client, leadership, 3),
                new WarmPodLabeler(client, leadership), new PoolStatusWriter(client, leadership, 3),
                new ScaleEventRecorder(client, leadership, identity));
    }

    static ScaleCommand command(WorkloadRef target, int serving, int warm, String... codes) {
        List<ScaleCommand.Reason> reasons = java.util.Arrays.stream(codes.length == 0 ? new String[] {"PREDICTED"}
                : codes).map(c -> new ScaleCommand.Reason(c, "because of " + c)).toList();
        return new ScaleCommand("web", NS, target, serving, warm, 0, reasons, T0, "forest-7", 0.83, false);
    }

    static ScaleCommand activating(WorkloadRef target, int serving, int warm, int activations) {
        return new ScaleCommand("web", NS, target, serving, warm, activations,
                List.of(new ScaleCommand.Reason("PREDICTED", "because of PREDICTED")), T0, "forest-7", 0.83, false);
    }

    /** Two pods: p1 serving, p2 warm and ready. */
    void twoPods() {
        cluster.deployment(NS, "web", 2);
        cluster.pod(NS, "web", "p1", NeuronetesApi.SERVING, true, T0.minusSeconds(600));
        cluster.pod(NS, "web", "p2", NeuronetesApi.WARM, true, T0.minusSeconds(300));
        cluster.scalerCalls();
    }

    /**
     * A pool that runs on at generation 1 while the spec of generation 2 is refused: observedGeneration is the one it
     * runs at, not the resource's, and SpecAccepted=False names the refused one and its errors, bounded; once it runs
     * at its newest spec, SpecAccepted is True again. A failed run writes the same.
     */
    @Test
    void theStatusOfAPoolThatRunsOnAtItsLastValidSpecNamesThatGenerationAndTheRefusedOne() {
        twoPods();
        cluster.client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(NS).withName("web")
                .edit(r -> {
                    r.setAdditionalProperty("spec", Map.of("minReplicas", 2, "maxReplicas", 10));
                    return r;
                });
        assertThat(cluster.getPool(NS, "web").getMetadata().getGeneration()).isEqualTo(2L);
        String error = "spec.autoscaling.predictive.schedules[0].cron: invalid cron \"0 25 * * *\"";
        ScaleCommand.SpecVersion refused = new ScaleCommand.SpecVersion("generation 1",
                java.util.Optional.of("generation 2"), List.of(error));

        actuator.apply(withSpec(command(WEB, 2, 0), refused));

        assertThat(status()).containsEntry("observedGeneration", 1);
        assertThat(condition(status(), PoolStatus.SPEC_ACCEPTED)).containsEntry("status", "False")
                .containsEntry("reason", "InvalidSpec").containsEntry("message", "the spec of generation 2 was "
                        + "refused and the pool runs on at the spec of generation 1: " + error);

        cluster.server.expect().put().withPath("/apis/apps/v1/namespaces/agents/deployments/web/scale")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is down").build()).always();
        List<String> many = java.util.stream.IntStream.range(0, 100).mapToObj(i -> error).toList();
        actuator.apply(withSpec(command(WEB, 3, 0), new ScaleCommand.SpecVersion("generation 1",
                java.util.Optional.of("generation 2"), many)));

        assertThat(condition(status(), PoolStatus.ABLE_TO_SCALE)).containsEntry("status", "False");
        assertThat(status()).containsEntry("observedGeneration", 1);
        assertThat(condition(status(), PoolStatus.SPEC_ACCEPTED)).containsEntry("status", "False")
                .extractingByKey("message").asString().hasSize(NeuronetesApi.MAX_MESSAGE).endsWith("...");
    }

    @Test
    void aPoolThatRunsAtItsNewestSpecHasSpecAcceptedTrue() {
        twoPods();
        actuator.apply(withSpec(command(WEB, 2, 0), ScaleCommand.SpecVersion.served("generation 1")));

        assertThat(status()).containsEntry("observedGeneration", 1);
        assertThat(condition(status(), PoolStatus.SPEC_ACCEPTED)).containsEntry("status", "True")
                .containsEntry("reason", "Accepted")
                .containsEntry("message", "the pool runs at the spec of generation 1");
    }

    static final String BAD_CRON = "spec.autoscaling.predictive.schedules[0].cron: invalid cron \"0 25 * * *\"";

    /** The pool runs at generation 1 while generation {@code refused} is refused for {@code errors}. */
    static ScaleCommand.SpecVersion refusal(int refused, List<String> errors) {
        return new ScaleCommand.SpecVersion("generation 1", java.util.Optional.of("generation " + refused), errors);
    }

    /**
     * A refused spec records one InvalidSpec Warning event on the AgentPool, naming the refused generation, the one
     * the pool runs at and the errors; the runs after it record none, nor does a replica that takes over and finds
     * the refusal in the status, nor a standby; a newer refused generation records another, its message bounded.
     */
    @Test
    void aRefusedSpecRecordsOneInvalidSpecWarningEventPerRefusedGeneration() {
        twoPods();
        ScaleCommand.SpecVersion second = refusal(2, List.of(BAD_CRON));

        actuator.apply(withSpec(command(WEB, 2, 0), second));
        actuator.apply(withSpec(command(WEB, 3, 0), second));
        KubernetesActuator takeover = actuator(Leadership.always());
        takeover.apply(withSpec(command(WEB, 3, 0), second));
        actuator(() -> false).apply(withSpec(command(WEB, 3, 0), refusal(3, List.of(BAD_CRON))));

        assertThat(invalidSpecEvents()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo("the spec of generation 2 was refused and the pool runs on at the "
                    + "spec of generation 1: " + BAD_CRON);
            assertThat(e.getCount()).isEqualTo(1);
            assertThat(e.getInvolvedObject().getName()).isEqualTo("web");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(cluster.getPool(NS, "web").getMetadata().getUid());
        });

        List<String> many = java.util.stream.IntStream.range(0, 100).mapToObj(i -> BAD_CRON).toList();
        takeover.apply(withSpec(command(WEB, 3, 0), refusal(3, many)));
        takeover.apply(withSpec(command(WEB, 3, 0), refusal(3, many)));

        assertThat(invalidSpecEvents()).hasSize(2).filteredOn(e -> e.getMessage().startsWith("the spec of generation 3"))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).hasSize(NeuronetesApi.MAX_MESSAGE)
                        .endsWith("..."));
    }

    /**
     * An InvalidSpec event that cannot be written fails the run, as any write does; the run's failure report tries
     * it again and, when that fails too, writes the status all the same; the next run records the event, although
     * the status shows the refusal by then.
     */
    @Test
    void anInvalidSpecEventThatCannotBeWrittenIsRecordedByTheNextRun() {
        twoPods();
        cluster.server.expect().post().withPath("/api/v1/namespaces/agents/events")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is down").build()).times(2);

        ActuationOutcome failed = actuator.apply(withSpec(command(WEB, 2, 0), refusal(2, List.of(BAD_CRON))));

        assertThat(failed.status()).isEqualTo(ActuationOutcome.Status.FAILED);
        assertThat(failed.message()).contains("etcd is down");
        assertThat(condition(status(), PoolStatus.SPEC_ACCEPTED)).containsEntry("status", "False");
        assertThat(invalidSpecEvents()).isEmpty();

        ActuationOutcome next = actuator.apply(withSpec(command(WEB, 2, 0), refusal(2, List.of(BAD_CRON))));

        assertThat(next.succeeded()).isTrue();
        assertThat(invalidSpecEvents()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }

    List<Event> invalidSpecEvents() {
        return events().stream().filter(e -> ScaleEventRecorder.INVALID_SPEC.equals(e.getReason())).toList();
    }

    static ScaleCommand withSpec(ScaleCommand c, ScaleCommand.SpecVersion spec) {
        return new ScaleCommand(c.pool(), c.namespace(), c.target(), c.replicas(), c.warmReplicas(), c.activations(),
                c.reasons(), c.decidedAt(), c.modelVersion(), c.confidence(), c.override(), spec);
    }

    /**
     * A pool read from a file whose name an AgentPool shares (one refused for the name the file pool took): its
     * workload is scaled, and that AgentPool gets neither its status nor its events, after a success or a failure.
     */
    @Test
    void aPoolFromAFileWritesNothingOnAnAgentPoolOfTheSameName() {
        twoPods();
        ScaleCommand.SpecVersion fromFile = ScaleCommand.SpecVersion.served("33297558572ec166").withoutResource();

        ActuationOutcome outcome = actuator.apply(withSpec(command(WEB, 2, 2), fromFile));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("web").get().getSpec()
                .getReplicas()).isEqualTo(4);
        cluster.server.expect().put().withPath("/apis/apps/v1/namespaces/agents/deployments/web/scale")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is down").build()).always();
        assertThat(actuator.apply(withSpec(command(WEB, 3, 2), fromFile)).status())
                .isEqualTo(ActuationOutcome.Status.FAILED);
        assertThat(status()).isNull();
        assertThat(events()).isEmpty();
    }

    @Test
    void scaleUpUsesTheScaleSubresourceActivatesWarmPodsAndWritesStatusAndEvents() {
        twoPods();
        // serving 2 (p1 + p2 activated) and 2 warm: the workload goes from 2 to 4 = 2 + 2
        ActuationOutcome outcome = actuator.apply(command(WEB, 2, 2, "PREDICTED", "SCALE_UP_LIMIT"));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(outcome.replicas()).isEqualTo(2);
        assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("web").get().getSpec()
                .getReplicas()).isEqualTo(4);
        assertThat(cluster.state(NS, "p2")).isEqualTo(NeuronetesApi.SERVING);
        List<ApiCall> calls = cluster.scalerCalls();
        assertThat(calls).anyMatch(c -> c.verb().equals("update") && c.rbacResource().equals("deployments/scale"));
        assertThat(calls).noneMatch(c -> c.verb().equals("update") && c.rbacResource().equals("deployments"));

        Map<String, Object> status = status();
        // the 2 new replicas have no pod yet: starting, not warm
        assertThat(status).containsEntry("replicas", 2).containsEntry("desiredReplicas", 2)
                .containsEntry("warmReplicas", 0).containsEntry("workloadReplicas", 4)
                .containsEntry("lastScaleTime", T0.toString()).containsEntry("servingModel", "forest-7")
                .containsEntry("confidence", 0.83).containsEntry("selector", "app=web,neuronetes.io/state=serving");
        assertThat(condition(status, PoolStatus.SCALING_ACTIVE)).containsEntry("reason", "PREDICTED")
                .containsEntry("status", "True");
        assertThat(condition(status, PoolStatus.SCALING_LIMITED)).containsEntry("reason", "SCALE_UP_LIMIT")
                .containsEntry("status", "True");
        assertThat(condition(status, PoolStatus.ABLE_TO_SCALE)).containsEntry("status", "True");
        assertThat(events()).extracting(Event::getReason)
                .containsExactlyInAnyOrder(ScaleEventRecorder.SCALED_UP, ScaleEventRecorder.WARM_ACTIVATED);
        assertThat(events()).allSatisfy(e -> {
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("AgentPool");
            assertThat(e.getInvolvedObject().getUid()).isNotBlank();
            assertThat(e.getType()).isEqualTo("Normal");
        });
    }

    @Test
    void scaleDownDemotesBeforeShrinkingAndAppliesIdempotently() {
        cluster.deployment(NS, "web", 4);
        cluster.pod(NS, "web", "p1", NeuronetesApi.SERVING, true, T0.minusSeconds(900));
        cluster.pod(NS, "web", "p2", NeuronetesApi.SERVING, true, T0.minusSeconds(600));
        cluster.pod(NS, "web", "p3", NeuronetesApi.SERVING, true, T0.minusSeconds(300));
        cluster.pod(NS, "web", "p4", NeuronetesApi.WARM, true, T0.minusSeconds(100));
        cluster.scalerCalls();

        // serving 2, warm 0: demote the newest serving pod (p3), then shrink 4 -> 2
        ActuationOutcome outcome = actuator.apply(command(WEB, 2, 0, "STABILIZED_DOWN"));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(cluster.state(NS, "p3")).isEqualTo(NeuronetesApi.WARM);
        assertThat(cluster.state(NS, "p1")).isEqualTo(NeuronetesApi.SERVING);
        List<ApiCall> calls = cluster.scalerCalls();
        int patch = indexOf(calls, "patch", "pods");
        int scale = indexOf(calls, "update", "deployments/scale");
        assertThat(patch).isNotNegative().isLessThan(scale);
        assertThat(events()).extracting(Event::getReason).containsExactly(ScaleEventRecorder.SCALED_DOWN);

        ActuationOutcome again = actuator.apply(command(WEB, 2, 0, "STABILIZED_DOWN"));
        assertThat(again.status()).isEqualTo(ActuationOutcome.Status.UNCHANGED);
        // a steady pool costs reads only: no scale, label, status or event write
        assertThat(cluster.scalerCalls()).extracting(ApiCall::verb).containsOnly("get", "list");
        assertThat(status()).containsEntry("lastScaleTime", T0.toString());
    }

    @Test
    void theScalingActiveConditionNamesWhatDecidedTheCount() {
        // the winning input, not a warning that came first; a manual override over the planner's input
        assertThat(KubernetesActuator.lead(command(WEB, 1, 0, "LOW_CONFIDENCE", "REACTIVE", "BOUNDS")).code())
                .isEqualTo("REACTIVE");
        assertThat(KubernetesActuator.lead(command(WEB, 1, 0, "PREDICTED", "OVERRIDE")).code())
                .isEqualTo("OVERRIDE");
        assertThat(KubernetesActuator.lead(command(WEB, 1, 0, "COOLDOWN")).code()).isEqualTo("COOLDOWN");
    }

    @Test
    void scalesAStatefulSet() {
        cluster.statefulSet(NS, "db", 1);
        cluster.pod(NS, "db", "db-0", null, true, T0.minusSeconds(60));
        WorkloadRef db = new WorkloadRef("StatefulSet", NS, "db");

        ActuationOutcome outcome = actuator.apply(command(db, 1, 2));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(cluster.client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec()
                .getReplicas()).isEqualTo(3);
        assertThat(cluster.state(NS, "db-0")).isEqualTo(NeuronetesApi.SERVING);
        assertThat(cluster.scalerCalls()).anyMatch(c -> c.rbacResource().equals("statefulsets/scale"));
    }

    static final WorkloadRef WEB_SET = new WorkloadRef("StatefulSet", NS, "web");

    /**
     * A StatefulSet web of 4 with ready pods web-0..web-3 in {@code states}, created web-2 and web-3 first, then
     * web-1, then web-0 (recreated last), each a second apart: newest first is web-0, web-1; oldest first web-2.
     */
    void statefulSetOfFour(String... states) {
        cluster.statefulSet(NS, "web", 4);
        for (int i : new int[] {2, 3, 1, 0}) {
            if (i < 2) {
                MockCluster.nextSecond();
            }
            cluster.pod(NS, "web", "web-" + i, states[i], true, T0);
        }
        cluster.scalerCalls();
    }

    @Test
    void aStatefulSetScaleDownDemotesTheHighestOrdinalsItWillRemove() {
        statefulSetOfFour(NeuronetesApi.SERVING, NeuronetesApi.SERVING, NeuronetesApi.SERVING,
                NeuronetesApi.SERVING);

        // serving 2, warm 0: 4 -> 2 removes web-3 and web-2, so they are demoted first, not the newest web-0
        ActuationOutcome outcome = actuator.apply(command(WEB_SET, 2, 0, "STABILIZED_DOWN"));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(cluster.state(NS, "web-3")).isEqualTo(NeuronetesApi.WARM);
        assertThat(cluster.state(NS, "web-2")).isEqualTo(NeuronetesApi.WARM);
        assertThat(cluster.state(NS, "web-1")).isEqualTo(NeuronetesApi.SERVING);
        assertThat(cluster.state(NS, "web-0")).isEqualTo(NeuronetesApi.SERVING);
        List<ApiCall> calls = cluster.scalerCalls();
        List<String> patched = calls.stream().filter(c -> c.verb().equals("patch")).map(ApiCall::path).toList();
        assertThat(patched).hasSize(2).allMatch(path -> path.endsWith("/web-3") || path.endsWith("/web-2"));
        int lastPatch = calls.stream().filter(c -> c.verb().equals("patch")).mapToInt(calls::indexOf).max()
                .orElseThrow();
        assertThat(lastPatch).isLessThan(indexOf(calls, "update", "statefulsets/scale"));
        assertThat(cluster.client.apps().statefulSets().inNamespace(NS).withName("web").get().getSpec()
                .getReplicas()).isEqualTo(2);
    }

    @Test
    void aStatefulSetActivatesItsLowestOrdinalReadyWarmPod() {
        // web-1 is the newest warm pod and web-2 the oldest: the lowest ordinal wins, being the last one removed
        statefulSetOfFour(NeuronetesApi.SERVING, NeuronetesApi.WARM, NeuronetesApi.WARM, NeuronetesApi.WARM);

        // serving 2 = 1 + 1 activation, warm 3: the StatefulSet grows 4 -> 5
        ActuationOutcome outcome = actuator.apply(activating(WEB_SET, 2, 3, 1));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(outcome.message()).contains("activated 1");
        assertThat(cluster.state(NS, "web-1")).isEqualTo(NeuronetesApi.SERVING);
        assertThat(cluster.state(NS, "web-2")).isEqualTo(NeuronetesApi.WARM);
        assertThat(cluster.state(NS, "web-3")).isEqualTo(NeuronetesApi.WARM);
        assertThat(cluster.client.apps().statefulSets().inNamespace(NS).withName("web").get().getSpec()
                .getReplicas()).isEqualTo(5);
    }

    @Test
    void observeCountsServingReadyAndWarm() {
        twoPods();
        cluster.pod(NS, "web", "p3", NeuronetesApi.SERVING, false, T0);

        WorkloadObservation seen = actuator.observe("web", WEB);

        // workload replicas 2; serving pods p1, p3 -> 2 (capped at 2); ready serving p1 -> 1; warm p2 capped at
        // 2 - 2 = 0; starting 2 - 2 - 0 = 0
        assertThat(seen).isEqualTo(WorkloadObservation.observed(2, 1, 0, 0));
    }

    /** Three pods of a Deployment of 3: p1 serving, p2 warm and ready, p3 warm and pending (no GPU yet). */
    void servingWarmAndPending() {
        cluster.deployment(NS, "web", 3);
        cluster.pod(NS, "web", "p1", NeuronetesApi.SERVING, true, T0.minusSeconds(900));
        cluster.pod(NS, "web", "p2", NeuronetesApi.WARM, true, T0.minusSeconds(600));
        cluster.pendingPod(NS, "web", "p3", NeuronetesApi.WARM, T0.minusSeconds(1200));
        cluster.scalerCalls();
    }

    @Test
    void onlyReadyWarmPodsCountAsWarmTheOthersAsStarting() {
        servingWarmAndPending();
        cluster.pod(NS, "web", "p4", NeuronetesApi.WARM, false, T0.minusSeconds(60)); // loading its model
        cluster.client.apps().deployments().inNamespace(NS).withName("web").scale(5);

        WorkloadObservation seen = actuator.observe("web", WEB);

        // workload replicas 5; serving p1 -> 1, ready 1; warm: p2 only -> 1; starting: p3 (pending), p4 (not
        // ready) and one pod not created yet = 5 - 1 - 1 = 3
        assertThat(seen).isEqualTo(WorkloadObservation.observed(1, 1, 1, 3));
    }

    @Test
    void onlyReadyWarmPodsAreActivatedAndAStartingPodFillsTheRestOfTheServingTarget() {
        servingWarmAndPending();

        // serving 3 = 1 + 2 activations asked, no warm left: p2 is ready and is activated; p3 is pending, so it is
        // promoted without counting as an activation (it takes traffic once ready: readiness gates it)
        ActuationOutcome outcome = actuator.apply(activating(WEB, 3, 0, 2));

        assertThat(cluster.state(NS, "p2")).isEqualTo(NeuronetesApi.SERVING);
        assertThat(cluster.state(NS, "p3")).isEqualTo(NeuronetesApi.SERVING);
        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(outcome.replicas()).isEqualTo(3);
        assertThat(outcome.message()).contains("serving 3, warm 0, starting 0")
                .contains("activated 1 of 2 asked");
        assertThat(status()).containsEntry("replicas", 3).containsEntry("desiredReplicas", 3)
                .containsEntry("warmReplicas", 0).containsEntry("workloadReplicas", 3);
        assertThat(events()).extracting(Event::getMessage).singleElement().asString()
                .startsWith("Switched 1 warm replicas");
        // serving 3 (p3 among them), ready serving 2: the planner sees one serving replica that cannot serve yet
        assertThat(actuator.observe("web", WEB)).isEqualTo(WorkloadObservation.observed(3, 2, 0, 0));
    }

    @Test
    void conflictsAreRetriedOnAFreshRead() {
        twoPods();
        conflictOnce("PUT", "/apis/apps/v1/namespaces/agents/deployments/web/scale");
        conflictOnce("PUT", "/apis/neuronetes.io/v1alpha1/namespaces/agents/agentpools/web/status");

        ActuationOutcome outcome = actuator.apply(command(WEB, 2, 1));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("web").get().getSpec()
                .getReplicas()).isEqualTo(3);
        List<ApiCall> calls = cluster.scalerCalls();
        // one read per attempt: 2 attempts of the scale write, 2 of the status write
        assertThat(count(calls, "update", "deployments/scale")).isEqualTo(2);
        assertThat(count(calls, "get", "deployments/scale")).isEqualTo(3); // 1 to compare + 2 attempts
        assertThat(count(calls, "update", "agentpools/status")).isEqualTo(2);
        assertThat(count(calls, "get", "agentpools")).isEqualTo(2);
        assertThat(status()).containsEntry("workloadReplicas", 3);
    }

    @Test
    void conflictsThatOutlastTheAttemptsFailTheRunVisibly() {
        twoPods();
        cluster.server.expect().put().withPath("/apis/apps/v1/namespaces/agents/deployments/web/scale")
                .andReturn(409, conflict()).times(3);

        ActuationOutcome outcome = actuator.apply(command(WEB, 2, 1));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.FAILED);
        assertThat(outcome.message()).contains("409").contains("Deployment agents/web");
        assertThat(condition(status(), PoolStatus.ABLE_TO_SCALE)).containsEntry("status", "False")
                .containsEntry("reason", "FailedUpdateScale");
        assertThat(events()).extracting(Event::getType).containsExactly("Warning");
    }

    @Test
    void anApiErrorFailsThisRunAndTheNextRunApplies() {
        twoPods();
        cluster.server.expect().put().withPath("/apis/apps/v1/namespaces/agents/deployments/web/scale")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd timeout").build()).once();

        ActuationOutcome first = actuator.apply(command(WEB, 2, 1));
        ActuationOutcome next = actuator.apply(command(WEB, 2, 1));

        assertThat(first.status()).isEqualTo(ActuationOutcome.Status.FAILED);
        assertThat(first.message()).contains("500").contains("etcd timeout");
        assertThat(next.status()).isEqualTo(ActuationOutcome.Status.APPLIED);
        assertThat(condition(status(), PoolStatus.ABLE_TO_SCALE)).containsEntry("status", "True");
    }

    @Test
    void aFailedRunKeepsThePoolsLastObservedStatusAndReportsTheFailure() {
        twoPods();
        actuator.apply(command(WEB, 2, 1)); // 2 -> 3 replicas: p1 serving, p2 activated, 1 pod still to come
        Map<String, Object> before = status();
        cluster.server.expect().put().withPath("/apis/apps/v1/namespaces/agents/deployments/web/scale")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd timeout").build()).once();

        ActuationOutcome failed = actuator.apply(command(WEB, 4, 1));

        assertThat(failed.status()).isEqualTo(ActuationOutcome.Status.FAILED);
        Map<String, Object> after = status();
        for (String kept : List.of("replicas", "warmReplicas", "workloadReplicas", "lastScaleTime", "servingModel",
                "confidence", "selector")) {
            assertThat(after.get(kept)).as(kept).isNotNull().isEqualTo(before.get(kept));
        }
        assertThat(after).containsEntry("replicas", 2).containsEntry("workloadReplicas", 3)
                .containsEntry("desiredReplicas", 4); // what the failed decision asked for
        assertThat(condition(after, PoolStatus.ABLE_TO_SCALE)).containsEntry("status", "False")
                .containsEntry("reason", "FailedUpdateScale")
                .hasEntrySatisfying("message", m -> assertThat(m.toString()).contains("500").contains("etcd timeout"));
    }

    @Test
    void anUnreachableApiServerFailsTheRunWithTheCause() {
        var dead = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0).withConnectionTimeout(1000).withRequestTimeout(1000)
                        .build()).build();
        try (dead) {
            var l = Leadership.always();
            var unreachable = new KubernetesActuator(l, new WorkloadScaler(dead, l, 3), new WarmPodLabeler(dead, l),
                    new PoolStatusWriter(dead, l, 3), new ScaleEventRecorder(dead, l, "scaler-0"));

            ActuationOutcome outcome = unreachable.apply(command(WEB, 2, 1));
            WorkloadObservation seen = unreachable.observe("web", WEB);

            assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.FAILED);
            assertThat(outcome.message()).contains("unreachable");
            assertThat(seen.status()).isEqualTo(WorkloadObservation.Status.FAILED);
            assertThat(seen.message()).contains("unreachable");
        }
    }

    @Test
    void aConnectionClosedBeforeTheAnswerIsAnUnreachableServerNotAnApiError() {
        // As the Kubernetes client reports it: no status, code -1, the HTTP client's exception as the cause.
        var closed = new io.fabric8.kubernetes.client.KubernetesClientException("Connection was closed",
                new io.vertx.core.http.HttpClosedException("Connection was closed"));
        assertThat(KubernetesActuator.unreachable(closed)).isTrue();
        assertThat(KubernetesActuator.describe(WEB, closed)).isEqualTo("Kubernetes API server unreachable while "
                + "scaling " + WEB + ": HttpClosedException: Connection was closed");
        // an answer with a status stays an API error
        var answered = new io.fabric8.kubernetes.client.KubernetesClientException(new StatusBuilder().withCode(500)
                .withMessage("etcd timeout").build());
        assertThat(KubernetesActuator.unreachable(answered)).isFalse();
        assertThat(KubernetesActuator.describe(WEB, answered)).startsWith("Kubernetes API error 500 while scaling ");
    }

    @Test
    void aMissingWorkloadFailsAndIsReportedOnThePool() {
        ActuationOutcome outcome = actuator.apply(command(WEB, 2, 1));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Deployment agents/web not found");
        assertThat(condition(status(), PoolStatus.ABLE_TO_SCALE)).containsEntry("message",
                "Deployment agents/web not found");
        assertThat(events()).extracting(Event::getReason).containsExactly(ScaleEventRecorder.FAILED);
    }

    @Test
    void aWorkloadThatSelectsItsPodsByTheStateLabelIsRefusedWithNothingWritten() {
        // The selector names neuronetes.io/state: a pod switched to serving would leave the Deployment, which
        // would start a new warm pod in its place, run after run.
        cluster.client.apps().deployments().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps
                .DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web")
                .addToMatchLabels(NeuronetesApi.STATE_LABEL, NeuronetesApi.WARM).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web")
                .addToLabels(NeuronetesApi.STATE_LABEL, NeuronetesApi.WARM).endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("agent:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        cluster.pod(NS, "web", "p1", NeuronetesApi.WARM, true, T0);
        cluster.scalerCalls();

        ActuationOutcome outcome = actuator.apply(command(WEB, 1, 2));
        WorkloadObservation seen = actuator.observe("web", WEB);

        String expected = "Deployment agents/web selects its pods by neuronetes.io/state";
        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.FAILED);
        assertThat(outcome.message()).startsWith(expected).contains("remove neuronetes.io/state from spec.selector");
        assertThat(seen.status()).isEqualTo(WorkloadObservation.Status.FAILED);
        assertThat(seen.message()).startsWith(expected);
        assertThat(cluster.state(NS, "p1")).isEqualTo(NeuronetesApi.WARM);
        assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("web").get().getSpec()
                .getReplicas()).isEqualTo(1);
        assertThat(cluster.scalerCalls()).noneMatch(c -> c.resource().startsWith("deployments")
                && !c.verb().equals("get")).noneMatch(c -> c.resource().startsWith("pods") && !c.verb().equals("get")
                && !c.verb().equals("list"));
        assertThat(condition(status(), PoolStatus.ABLE_TO_SCALE)).containsEntry("status", "False");
    }

    @Test
    void aReplicaThatIsNotTheLeaderWritesNothing() {
        twoPods();

        ActuationOutcome outcome = actuator(() -> false).apply(command(WEB, 2, 2));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.SKIPPED);
        assertThat(cluster.scalerCalls()).isEmpty();
    }

    @Test
    void losingLeadershipMidRunStopsBeforeTheNextWrite() {
        twoPods();
        int[] checks = {0};
        // leads for the first check (apply's) and the scale write, then loses the lease
        Leadership flaky = () -> checks[0]++ < 2;

        ActuationOutcome outcome = actuator(flaky).apply(command(WEB, 2, 2));

        assertThat(outcome.status()).isEqualTo(ActuationOutcome.Status.SKIPPED);
        List<ApiCall> writes = cluster.scalerCalls().stream().filter(c -> !c.verb().equals("get")
                && !c.verb().equals("list")).toList();
        assertThat(writes).extracting(ApiCall::rbacResource).containsExactly("deployments/scale");
        assertThat(cluster.state(NS, "p2")).isEqualTo(NeuronetesApi.WARM);
    }

    void conflictOnce(String method, String path) {
        var expect = cluster.server.expect();
        (method.equals("PUT") ? expect.put() : expect.patch()).withPath(path).andReturn(409, conflict()).once();
    }

    static io.fabric8.kubernetes.api.model.Status conflict() {
        return new StatusBuilder().withCode(409).withReason("Conflict")
                .withMessage("the object has been modified; please apply your changes to the latest version")
                .build();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> status() {
        return (Map<String, Object>) cluster.getPool(NS, "web").getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> condition(Map<String, Object> status, String type) {
        return ((List<Map<String, Object>>) status.get("conditions")).stream()
                .filter(c -> type.equals(c.get("type"))).findFirst().orElseThrow();
    }

    List<Event> events() {
        return cluster.client.v1().events().inNamespace(NS).list().getItems();
    }

    static int indexOf(List<ApiCall> calls, String verb, String resource) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).verb().equals(verb) && calls.get(i).rbacResource().equals(resource)) {
                return i;
            }
        }
        return -1;
    }

    static long count(List<ApiCall> calls, String verb, String resource) {
        return calls.stream().filter(c -> c.verb().equals(verb) && c.rbacResource().equals(resource)).count();
    }
}
