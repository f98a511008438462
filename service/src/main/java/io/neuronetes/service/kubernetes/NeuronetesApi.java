package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Names of the {@code neuronetes.io/v1alpha1} API and of the labels and annotations the service writes on
 * workloads. The values here are part of the documented contract with cluster operators (docs/kubernetes.md):
 * a Service that should only route to serving replicas selects {@code neuronetes.io/state: serving}.
 */
public final class NeuronetesApi {

    /** API group of the custom resources. */
    public static final String GROUP = "neuronetes.io";
    /** API version of the custom resources. */
    public static final String VERSION = "v1alpha1";
    /** {@code apiVersion} field value of the custom resources. */
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** AgentPool: namespaced, with status and scale subresources. */
    public static final ResourceDefinitionContext AGENT_POOLS = context("AgentPool", "agentpools");
    /** AgentClass: namespaced SLO definitions referenced by pools. */
    public static final ResourceDefinitionContext AGENT_CLASSES = context("AgentClass", "agentclasses");
    /** ToolBinding: namespaced queue bindings referenced by pools. */
    public static final ResourceDefinitionContext TOOL_BINDINGS = context("ToolBinding", "toolbindings");

    /**
     * Pod label holding a replica's routing state. Pods start {@value #WARM} (the workload's pod template sets it)
     * and the actuator switches them to {@value #SERVING}; a Service selecting {@code neuronetes.io/state: serving}
     * routes only to serving replicas.
     */
    public static final String STATE_LABEL = "neuronetes.io/state";
    /** {@link #STATE_LABEL} value of a replica that runs but receives no traffic. */
    public static final String WARM = "warm";
    /** {@link #STATE_LABEL} value of a replica the Service routes to. */
    public static final String SERVING = "serving";

    /**
     * Standard annotation read by the ReplicaSet controller when it picks pods to delete on scale-down: lower
     * costs go first. Warm replicas get {@value #WARM_DELETION_COST}, serving ones {@value #SERVING_DELETION_COST},
     * so a Deployment scale-down removes warm replicas before serving ones. (StatefulSets ignore it and remove the
     * highest ordinals.)
     */
    public static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
    static final String WARM_DELETION_COST = "0";
    static final String SERVING_DELETION_COST = "100";

    /**
     * AgentPool annotation holding the manual override in force (from {@code POST /v1/scale}) as a small JSON object,
     * {@code {"replicas", "requested", "reason", "at", "until"}}, so that the replica that leads next, or a restarted
     * one, holds it too.
     */
    public static final String OVERRIDE_ANNOTATION = "neuronetes.io/override";

    /** Name written as the source of Kubernetes Events. */
    public static final String COMPONENT = "neuronetes-scaler";

    private NeuronetesApi() {
    }

    /** The longest message the scaler writes in a condition or an Event, so that many errors do not swell them. */
    static final int MAX_MESSAGE = 1024;

    /** {@code message}, cut to {@link #MAX_MESSAGE} characters with "..." when longer. */
    static String bounded(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(GROUP)
                .withVersion(VERSION)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}
