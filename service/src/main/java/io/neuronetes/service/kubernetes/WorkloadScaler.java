package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.neuronetes.service.actuation.WorkloadRef;
import java.util.Optional;

/**
 * Reads and sets the replicas of a Deployment or StatefulSet through its {@code scale} subresource.
 *
 * <p>Setting replicas is a read-modify-write of the Scale object carrying its resourceVersion, so a concurrent
 * change (another controller, a user's {@code kubectl scale}) makes the write fail with 409 and it is repeated
 * on a fresh read, at most {@code attempts} times. Other API errors propagate unchanged.
 */
public final class WorkloadScaler {

    private final KubernetesClient client;
    private final Leadership leadership;
    private final int attempts;

    /**
     * @param attempts the most read-modify-write attempts on conflicts, at least 1
     */
    public WorkloadScaler(KubernetesClient client, Leadership leadership, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        this.client = client;
        this.leadership = leadership;
        this.attempts = attempts;
    }

    /** What a scale call found and did. */
    public record Result(int previous, int current) {

        /** True when the replicas were changed. */
        public boolean changed() {
            return previous != current;
        }
    }

    /**
     * The workload's current {@code spec.replicas}.
     *
     * @throws WorkloadMissingException when the workload does not exist
     */
    public int replicas(WorkloadRef ref) {
        return readScale(ref).getSpec().getReplicas();
    }

    /**
     * The workload's pod selector, from the workload itself (the Scale's selector string is not always filled).
     *
     * @throws WorkloadMissingException when the workload does not exist
     */
    public LabelSelector selector(WorkloadRef ref) {
        LabelSelector selector = switch (kind(ref)) {
            case DEPLOYMENT -> Optional.ofNullable(
                    client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get())
                    .map(d -> d.getSpec().getSelector()).orElse(null);
            case STATEFULSET -> Optional.ofNullable(
                    client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name()).get())
                    .map(s -> s.getSpec().getSelector()).orElse(null);
        };
        if (selector == null) {
            throw new WorkloadMissingException(ref);
        }
        if (selectsByState(selector)) {
            throw new StateLabelInSelectorException(ref);
        }
        return selector;
    }

    /** Whether {@code selector} names the {@code neuronetes.io/state} label, which the scaler rewrites on pods. */
    static boolean selectsByState(LabelSelector selector) {
        return (selector.getMatchLabels() != null && selector.getMatchLabels().containsKey(NeuronetesApi.STATE_LABEL))
                || (selector.getMatchExpressions() != null && selector.getMatchExpressions().stream()
                        .anyMatch(e -> NeuronetesApi.STATE_LABEL.equals(e.getKey())));
    }

    /**
     * Sets {@code spec.replicas} of the workload's scale subresource to {@code replicas}; writes nothing when it
     * already has that value.
     *
     * @throws WorkloadMissingException        when the workload does not exist
     * @throws Leadership.NotLeaderException   when this replica does not lead at the moment of the write
     * @throws KubernetesClientException       on API errors, and on conflicts that outlast the attempts
     */
    public Result scale(WorkloadRef ref, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
        }
        return Conflicts.retry(attempts, () -> {
            Scale scale = readScale(ref);
            int previous = scale.getSpec().getReplicas() == null ? 0 : scale.getSpec().getReplicas();
            if (previous == replicas) {
                return new Result(previous, previous);
            }
            scale.getSpec().setReplicas(replicas);
            scale.setStatus(null);
            leadership.require("scale " + ref + " to " + replicas);
            resource(ref).scale(scale);
            return new Result(previous, replicas);
        });
    }

    private Scale readScale(WorkloadRef ref) {
        try {
            Scale scale = resource(ref).scale();
            if (scale == null) {
                throw new WorkloadMissingException(ref);
            }
            return scale;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new WorkloadMissingException(ref);
            }
            throw e;
        }
    }

    private ScalableResource<?> resource(WorkloadRef ref) {
        return switch (kind(ref)) {
            case DEPLOYMENT -> client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
            case STATEFULSET -> client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name());
        };
    }

    /** The workload kinds with a scale subresource that the scaler drives. */
    enum Kind {
        DEPLOYMENT, STATEFULSET
    }

    static Kind kind(WorkloadRef ref) {
        return switch (ref.kind()) {
            case "Deployment" -> Kind.DEPLOYMENT;
            case "StatefulSet" -> Kind.STATEFULSET;
            default -> throw new IllegalArgumentException("unsupported workload kind '" + ref.kind()
                    + "' (Deployment or StatefulSet)");
        };
    }

    /**
     * The workload selects its pods by the state label: switching a pod between warm and serving would take it out
     * of its workload, which would start another pod in its place, again and again. Nothing is written to it.
     */
    public static final class StateLabelInSelectorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StateLabelInSelectorException(WorkloadRef ref) {
            super(ref + " selects its pods by " + NeuronetesApi.STATE_LABEL + ", which the scaler switches between "
                    + NeuronetesApi.WARM + " and " + NeuronetesApi.SERVING + ": a relabelled pod would leave the "
                    + "workload and be replaced; remove " + NeuronetesApi.STATE_LABEL + " from spec.selector (the "
                    + "Service, not the workload, selects serving pods)");
        }
    }

    /** The pool names a workload that does not exist. */
    public static final class WorkloadMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WorkloadMissingException(WorkloadRef ref) {
            super(ref + " not found");
        }
    }
}
