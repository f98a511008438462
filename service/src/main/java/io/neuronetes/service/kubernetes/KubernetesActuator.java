package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuronetes.scheduler.plan.ReasonCode;
import io.neuronetes.service.actuation.ActuationOutcome;
import io.neuronetes.service.actuation.Actuator;
import io.neuronetes.service.actuation.ScaleCommand;
import io.neuronetes.service.actuation.WorkloadObservation;
import io.neuronetes.service.actuation.WorkloadRef;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies scale commands to a cluster: the target workload's replicas through its scale subresource, the serving
 * and warm split through the {@code neuronetes.io/state} pod label, then the AgentPool's status and an Event.
 *
 * <p>Order of writes: on a scale-up the workload grows first and pods are promoted after (new pods start warm, as
 * their template says, and are promoted by this or the next run, ready pods first; only a ready warm pod promoted
 * counts as an activation); on a scale-down
 * pods are demoted first so that no routed pod is removed, then the workload shrinks (the deletion-cost annotation
 * makes a Deployment remove warm pods first; on a StatefulSet the pods of the highest ordinals, which it removes,
 * are the ones demoted).
 *
 * <p>Every write first checks {@link Leadership}: a replica that is not (or no longer) the leader writes nothing
 * further and returns {@code SKIPPED} when another replica holds the lease, or {@code FAILED} with the cause when
 * nobody is known to lead (the lease cannot be renewed, for example because the API server is unreachable), so
 * that an outage shows as failed runs that are retried. API errors, an unreachable API server and a missing
 * workload return {@code FAILED} with the cause; the scheduler's next run applies the command again. A failure is
 * also reported on the AgentPool (condition {@code AbleToScale=False} and a Warning event) when the API server can
 * still be reached; the status then keeps the figures of the last successful run, since a failed write says
 * nothing new about the workload. A pool that runs on at its last valid spec while a newer one is refused gets an
 * {@code InvalidSpec} Warning event once per refusal ({@link SpecRefusals}), before the status that shows it. A
 * pool read from a file ({@link ScaleCommand.SpecVersion#resource} false) has no AgentPool: its workload is scaled and
 * labelled the same way, and no status or event is written, not even on an AgentPool that shares its name.
 */
public final class KubernetesActuator implements Actuator {

    private static final System.Logger LOG = System.getLogger(KubernetesActuator.class.getName());

    /** The planner's reason codes that name the input that won the merge (the ScalingActive reason). */
    static final Set<String> INPUT_CODES = names(EnumSet.of(ReasonCode.REACTIVE, ReasonCode.PREDICTED,
            ReasonCode.SCHEDULE_FLOOR, ReasonCode.NO_SIGNAL));

    /** The service's reason codes that replace the planner's count (a manual override, a hold on bad signals). */
    static final Set<String> OVERRIDING_CODES = Set.of("OVERRIDE", "FALLBACK_HOLD");

    /** The planner's reason codes that mean a limit changed the decision (shown as ScalingLimited=True). */
    static final Set<String> LIMIT_CODES = names(EnumSet.of(ReasonCode.BOUNDS, ReasonCode.SCALE_UP_LIMIT,
            ReasonCode.SCALE_DOWN_LIMIT, ReasonCode.STABILIZED_UP, ReasonCode.STABILIZED_DOWN, ReasonCode.COOLDOWN,
            ReasonCode.BUDGET_CAP, ReasonCode.BUDGET_EXCEEDED, ReasonCode.SLO_SCALE_DOWN_HOLD));

    private final Leadership leadership;
    private final WorkloadScaler scaler;
    private final WarmPodLabeler labeler;
    private final PoolStatusWriter statusWriter;
    private final ScaleEventRecorder events;
    private final SpecRefusals refusals;

    public KubernetesActuator(Leadership leadership, WorkloadScaler scaler, WarmPodLabeler labeler,
            PoolStatusWriter statusWriter, ScaleEventRecorder events) {
        this.leadership = leadership;
        this.scaler = scaler;
        this.labeler = labeler;
        this.statusWriter = statusWriter;
        this.events = events;
        this.refusals = new SpecRefusals(statusWriter, events);
    }

    @Override
    public String mode() {
        return "kubernetes";
    }

    /**
     * Reads the workload: serving = live pods labelled serving (at most the workload's replicas), ready = serving
     * pods that are ready, warm = ready pods labelled warm (at most the replicas left), starting = the rest of the
     * workload's replicas (pods not ready yet, and pods not created yet). Terminating pods count nowhere.
     */
    @Override
    public WorkloadObservation observe(String pool, WorkloadRef target) {
        try {
            int total = scaler.replicas(target);
            LabelSelector selector = scaler.selector(target);
            List<WarmPodLabeler.PodView> pods = labeler.pods(target.namespace(), selector);
            int serving = (int) Math.min(total, pods.stream().filter(WarmPodLabeler.PodView::serving).count());
            int ready = (int) Math.min(serving, pods.stream().filter(p -> p.serving() && p.ready()).count());
            int warm = (int) Math.min(total - serving, pods.stream().filter(WarmPodLabeler.PodView::warm).count());
            return WorkloadObservation.observed(serving, ready, warm, total - serving - warm);
        } catch (RuntimeException e) {
            return WorkloadObservation.failed(describe(target, e));
        }
    }

    @Override
    public java.util.Optional<String> standingBy() {
        Leadership.Status lead = leadership.status();
        return lead.role() == Leadership.Role.LEADING ? java.util.Optional.empty()
                : java.util.Optional.of(lead.message().isEmpty() ? lead.role().name().toLowerCase(java.util.Locale.ROOT)
                        : lead.message());
    }

    @Override
    public ActuationOutcome apply(ScaleCommand command) {
        Leadership.Status lead = leadership.status();
        if (lead.role() != Leadership.Role.LEADING) {
            return notLeading(command, lead, lead.message());
        }
        try {
            return act(command);
        } catch (Leadership.NotLeaderException e) {
            return notLeading(command, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            String why = describe(command.target(), e);
            LOG.log(Level.WARNING, "pool " + command.namespace() + "/" + command.pool() + ": " + why);
            reportFailure(command, e, why);
            return ActuationOutcome.failed(why);
        }
    }

    /** A standby skips; a replica that cannot tell who leads fails, so that the outage shows and is retried. */
    private static ActuationOutcome notLeading(ScaleCommand c, Leadership.Status lead, String why) {
        if (lead.role() == Leadership.Role.STANDBY) {
            return ActuationOutcome.skipped(why);
        }
        LOG.log(Level.WARNING, "pool " + c.namespace() + "/" + c.pool() + ": " + why);
        return ActuationOutcome.failed(why);
    }

    private ActuationOutcome act(ScaleCommand c) {
        WorkloadRef target = c.target();
        LabelSelector selector = scaler.selector(target);
        int total = c.totalReplicas();
        boolean up = total >= scaler.replicas(target);
        WorkloadScaler.Result scaled = up ? scaler.scale(target, total) : null;
        WarmPodLabeler.Result labels = labeler.label(target.namespace(), selector, c.replicas(), removal(target),
                total);
        if (!up) {
            scaled = scaler.scale(target, total);
        }
        // A scale-down removes warm pods (see the class comment), so at most the replicas left over are warm.
        int warm = Math.min(labels.warm(), Math.max(0, scaled.current() - labels.serving()));
        boolean changed = scaled.changed() || labels.activations() > 0;
        PoolStatus status = new PoolStatus(labels.serving(), c.replicas(), warm, scaled.current(),
                changed ? c.decidedAt() : null, c.modelVersion().isEmpty() ? null : c.modelVersion(),
                Double.isNaN(c.confidence()) ? null : c.confidence(), servingSelector(selector),
                conditions(c, null), reasons(c));
        if (c.spec().resource()) {
            refusals.record(c.namespace(), c.pool(), specAccepted(c.spec()), c.decidedAt());
            String uid = statusWriter.write(c.namespace(), c.pool(), generation(c), c.spec().spec().orElse(null),
                    status, c.decidedAt());
            recordEvents(c, uid, scaled, labels, warm);
        }
        String summary = target + ": " + scaled.previous() + " -> " + scaled.current() + " replicas, serving "
                + labels.serving() + ", warm " + warm + ", starting "
                + Math.max(0, scaled.current() - labels.serving() - warm) + activated(c, labels);
        return scaled.changed() || labels.flips() > 0 ? ActuationOutcome.applied(labels.serving(), summary)
                : new ActuationOutcome(ActuationOutcome.Status.UNCHANGED, labels.serving(), summary);
    }

    /** How the target picks the pods its scale-down removes. */
    static WarmPodLabeler.Removal removal(WorkloadRef target) {
        return WorkloadScaler.kind(target) == WorkloadScaler.Kind.STATEFULSET
                ? WarmPodLabeler.Removal.HIGHEST_ORDINAL : WarmPodLabeler.Removal.DELETION_COST;
    }

    /** The activations done, and how many the decision asked for when too few warm pods were ready. */
    private static String activated(ScaleCommand c, WarmPodLabeler.Result labels) {
        if (c.activations() > labels.activations()) {
            return ", activated " + labels.activations() + " of " + c.activations()
                    + " asked (too few warm pods are ready)";
        }
        return labels.activations() > 0 ? ", activated " + labels.activations() : "";
    }

    private void recordEvents(ScaleCommand c, String uid, WorkloadScaler.Result scaled, WarmPodLabeler.Result labels,
            int warm) {
        if (uid == null) {
            return; // the pool was deleted meanwhile: nothing to attach events to
        }
        ScaleCommand.Reason lead = lead(c);
        String why = lead.code() + ": " + lead.message();
        if (scaled.changed()) {
            boolean up = scaled.current() > scaled.previous();
            events.record(c.namespace(), c.pool(), uid, false,
                    up ? ScaleEventRecorder.SCALED_UP : ScaleEventRecorder.SCALED_DOWN,
                    "Scaled " + c.target() + " from " + scaled.previous() + " to " + scaled.current()
                            + " replicas (serving " + labels.serving() + ", warm " + warm + "): " + why,
                    c.decidedAt());
        }
        if (labels.activations() > 0) {
            events.record(c.namespace(), c.pool(), uid, false, ScaleEventRecorder.WARM_ACTIVATED,
                    "Switched " + labels.activations() + " warm replicas of " + c.target() + " to serving: " + why,
                    c.decidedAt());
        }
    }

    @Override
    public void forget(String pool) {
        refusals.forget(pool);
    }

    /** See {@link SpecRefusals#notServed}; a replica that does not lead writes nothing. */
    @Override
    public void notServed(List<io.neuronetes.service.pools.PoolProblem> problems, java.time.Instant now) {
        if (leadership.status().role() != Leadership.Role.LEADING) {
            refusals.standBy();
            return;
        }
        try {
            refusals.notServed(problems, now);
        } catch (Leadership.NotLeaderException e) {
            refusals.standBy();
        }
    }

    /** Best effort: when the API server answers, the failure shows on the pool too. */
    private void reportFailure(ScaleCommand c, RuntimeException cause, String why) {
        if (!c.spec().resource()) {
            return; // a pool from a file has no AgentPool to report on
        }
        if (unreachable(cause)) {
            return; // nothing can be written; the outcome and the log carry the failure
        }
        try {
            try {
                refusals.record(c.namespace(), c.pool(), specAccepted(c.spec()), c.decidedAt());
            } catch (RuntimeException e) {
                // the status below shows the refusal all the same; the next run records the event
                LOG.log(Level.WARNING, "pool " + c.namespace() + "/" + c.pool() + ": could not record the "
                        + ScaleEventRecorder.INVALID_SPEC + " event: " + e.getMessage());
            }
            String uid = statusWriter.writeFailure(c.namespace(), c.pool(), generation(c),
                    c.spec().spec().orElse(null), c.replicas(), conditions(c, why), reasons(c), c.decidedAt());
            if (uid != null) {
                events.record(c.namespace(), c.pool(), uid, true, ScaleEventRecorder.FAILED, why, c.decidedAt());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "pool " + c.namespace() + "/" + c.pool() + ": could not report the failure: "
                    + e.getMessage());
        }
    }

    static List<PoolStatus.Condition> conditions(ScaleCommand c, String failure) {
        List<PoolStatus.Condition> conditions = new ArrayList<>();
        if (failure != null) {
            conditions.add(new PoolStatus.Condition(PoolStatus.ABLE_TO_SCALE, false, "FailedUpdateScale", failure));
        } else {
            conditions.add(new PoolStatus.Condition(PoolStatus.ABLE_TO_SCALE, true, "SucceededRescale",
                    "the scaler set the workload to the decision's replicas"));
        }
        ScaleCommand.Reason lead = lead(c);
        conditions.add(new PoolStatus.Condition(PoolStatus.SCALING_ACTIVE, true, lead.code(), lead.message()));
        List<ScaleCommand.Reason> limits = c.reasons().stream().filter(r -> LIMIT_CODES.contains(r.code())).toList();
        conditions.add(limits.isEmpty()
                ? new PoolStatus.Condition(PoolStatus.SCALING_LIMITED, false, "DesiredWithinRange",
                        "no limit changed the decision")
                : new PoolStatus.Condition(PoolStatus.SCALING_LIMITED, true, limits.get(0).code(),
                        limits.stream().map(r -> r.code() + ": " + r.message()).collect(Collectors.joining("; "))));
        conditions.add(specAccepted(c.spec()));
        return conditions;
    }

    /**
     * The generation of the AgentPool's spec the command was decided at (the last valid one while a newer one is
     * refused); null when the command does not name one, and the resource's current generation is written.
     */
    static Long generation(ScaleCommand c) {
        return ClusterPoolSource.generation(c.spec().revision());
    }

    /**
     * {@code SpecAccepted}: True when the pool runs at its newest spec; False with {@code InvalidSpec} when a newer
     * spec was refused, the message naming it, the one the pool runs on at and the errors (at most
     * {@value NeuronetesApi#MAX_MESSAGE} characters).
     */
    static PoolStatus.Condition specAccepted(ScaleCommand.SpecVersion spec) {
        String served = spec.revision().isEmpty() ? "its last valid spec" : "the spec of " + spec.revision();
        if (!spec.refused()) {
            return new PoolStatus.Condition(PoolStatus.SPEC_ACCEPTED, true, "Accepted", spec.revision().isEmpty()
                    ? "the pool runs at its spec" : "the pool runs at the spec of " + spec.revision());
        }
        String refused = spec.refusedRevision().map(r -> "the spec of " + r).orElse("a newer spec");
        return new PoolStatus.Condition(PoolStatus.SPEC_ACCEPTED, false, ScaleEventRecorder.INVALID_SPEC,
                NeuronetesApi.bounded(refused
                + " was refused and the pool runs on at " + served + ": " + String.join("; ", spec.refusedErrors())));
    }

    /**
     * The reason that decided the count: a service-level override of the planner ({@code OVERRIDE},
     * {@code FALLBACK_HOLD}) when there is one, else the input that won the merge, else the first reason.
     */
    static ScaleCommand.Reason lead(ScaleCommand c) {
        return c.reasons().stream().filter(r -> OVERRIDING_CODES.contains(r.code())).findFirst()
                .or(() -> c.reasons().stream().filter(r -> INPUT_CODES.contains(r.code())).findFirst())
                .orElse(c.reasons().get(0));
    }

    private static List<PoolStatus.Reason> reasons(ScaleCommand c) {
        return c.reasons().stream().map(r -> new PoolStatus.Reason(r.code(), r.message())).toList();
    }

    private static Set<String> names(EnumSet<ReasonCode> codes) {
        return codes.stream().map(Enum::name).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The selector of the pool's serving pods: the workload's selector and {@code neuronetes.io/state=serving}. The
     * AgentPool's scale subresource reports serving replicas ({@code status.replicas}), so its selector selects the
     * same pods.
     */
    static String servingSelector(LabelSelector selector) {
        String workload = selectorText(selector);
        String serving = NeuronetesApi.STATE_LABEL + "=" + NeuronetesApi.SERVING;
        return workload.isEmpty() ? serving : workload + "," + serving;
    }

    static String selectorText(LabelSelector selector) {
        List<String> parts = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> parts.add(e.getKey() + "=" + e.getValue()));
        }
        if (selector.getMatchExpressions() != null) {
            selector.getMatchExpressions().forEach(e -> parts.add(switch (e.getOperator()) {
                case "In" -> e.getKey() + " in (" + String.join(",", e.getValues()) + ")";
                case "NotIn" -> e.getKey() + " notin (" + String.join(",", e.getValues()) + ")";
                case "Exists" -> e.getKey();
                default -> "!" + e.getKey();
            }));
        }
        return String.join(",", parts);
    }

    /**
     * Whether the error means the API server could not be reached at all (no HTTP answer): a connection that could
     * not be made, or one that closed before the answer came (the HTTP client's {@link HttpClosedException}, which
     * the Kubernetes client reports with no status and code -1, not as an API error).
     */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof HttpClosedException) {
                return true;
            }
        }
        return e instanceof KubernetesClientException k && k.getCode() == 0 && k.getStatus() == null;
    }

    static String describe(WorkloadRef target, RuntimeException e) {
        if (e instanceof WorkloadScaler.WorkloadMissingException
                || e instanceof WorkloadScaler.StateLabelInSelectorException) {
            return e.getMessage();
        }
        if (e instanceof KubernetesClientException k) {
            if (unreachable(k)) {
                return "Kubernetes API server unreachable while scaling " + target + ": " + rootMessage(k);
            }
            return "Kubernetes API error " + k.getCode() + " while scaling " + target + ": " + statusMessage(k);
        }
        return "cannot scale " + target + ": " + e.getMessage();
    }

    /** The API server's own message of an error answer, else the client's. */
    static String statusMessage(KubernetesClientException k) {
        return k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
                : k.getMessage();
    }

    /** The innermost cause's class and message: what a connection failure comes down to. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
