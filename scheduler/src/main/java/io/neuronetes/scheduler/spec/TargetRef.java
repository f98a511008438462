package io.neuronetes.scheduler.spec;

/**
 * {@code spec.targetRef} (not in the guide): the workload whose scale subresource the pool drives.
 *
 * @param kind Deployment (default) or StatefulSet
 * @param name the workload's name, in the pool's namespace (default: the pool's name)
 */
public record TargetRef(WorkloadKind kind, String name) {
}
