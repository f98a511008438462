package io.neuronetes.service.actuation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scaling run (or a manual override) asks an {@link Actuator} to make true for one pool. Built by the
 * service from the planner's decision, so actuators need no planner types.
 *
 * @param pool          the pool's name
 * @param namespace     the pool's namespace ({@code default} for pools from files)
 * @param target        the workload to scale
 * @param replicas      serving replicas wanted (the workload's replica count minus warm replicas), &gt;= 0
 * @param warmReplicas  warm replicas wanted beside the serving ones, &gt;= 0
 * @param activations   warm replicas to switch to serving now (Warm to Serving), &gt;= 0
 * @param reasons       why, in the planner's order; never empty
 * @param decidedAt     when the decision was made
 * @param modelVersion  the serving model's version, or empty when none was used
 * @param confidence    the forecast's confidence in [0, 1], or NaN when there was no forecast
 * @param override      whether this comes from a manual override ({@code POST /v1/scale}) rather than the planner
 * @param spec          the version of the pool's document the decision was made at
 */
public record ScaleCommand(String pool, String namespace, WorkloadRef target, int replicas, int warmReplicas,
        int activations, List<Reason> reasons, Instant decidedAt, String modelVersion, double confidence,
        boolean override, SpecVersion spec) {

    /** One reason of a decision: a code such as {@code PREDICTED} or {@code SCALE_UP_LIMIT}, and a message. */
    public record Reason(String code, String message) {
        public Reason {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The version of a pool's document that a decision was made at. A newer version that is invalid is refused and
     * the pool runs on at its last valid one: then {@code refusedRevision} and {@code refusedErrors} say which
     * version was refused and why.
     *
     * @param revision        the revision of the version served (for an AgentPool, {@code generation N}); empty when
     *                        not known
     * @param refusedRevision the revision of the newer version refused; empty when none was refused, or when the
     *                        refused version could not be read
     * @param refusedErrors   why the newer version was refused, one line per problem; empty when none was refused
     * @param spec            the {@code spec} of the version served, as its document holds it, for actuators that
     *                        store it with the pool so that a restart can serve it; empty when not known. Not
     *                        copied: not to be mutated
     * @param resource        whether the document may be a resource of the cluster (an AgentPool) on which an
     *                        actuator reports the pool's status and events; false for a pool read from a file or
     *                        bundled, whose name an AgentPool of its own may share (one refused for the name taken)
     */
    public record SpecVersion(String revision, Optional<String> refusedRevision, List<String> refusedErrors,
            Optional<Map<String, Object>> spec, boolean resource) {

        /** A command whose document version is not known (a pool built in code, a test). */
        public static final SpecVersion UNKNOWN = new SpecVersion("", Optional.empty(), List.of());

        public SpecVersion {
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(refusedRevision, "refusedRevision");
            Objects.requireNonNull(spec, "spec");
            refusedErrors = List.copyOf(refusedErrors);
        }

        /** A version whose spec is not known, of a document that may be a resource of the cluster. */
        public SpecVersion(String revision, Optional<String> refusedRevision, List<String> refusedErrors) {
            this(revision, refusedRevision, refusedErrors, Optional.empty(), true);
        }

        /** The version served is the newest: nothing was refused. */
        public static SpecVersion served(String revision) {
            return new SpecVersion(revision, Optional.empty(), List.of());
        }

        /** This version with the spec served. */
        public SpecVersion withSpec(Map<String, Object> served) {
            return new SpecVersion(revision, refusedRevision, refusedErrors, Optional.of(served), resource);
        }

        /** This version, of a document that is no resource of the cluster (a file, the bundled pool). */
        public SpecVersion withoutResource() {
            return new SpecVersion(revision, refusedRevision, refusedErrors, spec, false);
        }

        /** Whether a newer version of the document was refused, so that the pool runs on at {@link #revision}. */
        public boolean refused() {
            return !refusedErrors.isEmpty();
        }
    }

    /** A command whose document version is not known. */
    public ScaleCommand(String pool, String namespace, WorkloadRef target, int replicas, int warmReplicas,
            int activations, List<Reason> reasons, Instant decidedAt, String modelVersion, double confidence,
            boolean override) {
        this(pool, namespace, target, replicas, warmReplicas, activations, reasons, decidedAt, modelVersion,
                confidence, override, SpecVersion.UNKNOWN);
    }

    public ScaleCommand {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(spec, "spec");
        reasons = List.copyOf(reasons);
        if (replicas < 0 || warmReplicas < 0 || activations < 0) {
            throw new IllegalArgumentException("replica counts must be >= 0: replicas=" + replicas + ", warm="
                    + warmReplicas + ", activations=" + activations);
        }
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a scale command needs at least one reason");
        }
    }

    /** The total replica count of the workload: serving plus warm. */
    public int totalReplicas() {
        return replicas + warmReplicas;
    }
}
