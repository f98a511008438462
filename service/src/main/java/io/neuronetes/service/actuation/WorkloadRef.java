package io.neuronetes.service.actuation;

import java.util.Objects;

/**
 * The workload a pool scales: a Deployment or StatefulSet named in the pool's spec.
 *
 * @param kind      {@code Deployment} or {@code StatefulSet}
 * @param namespace the namespace of the workload (the pool's own namespace when the spec names none)
 * @param name      the workload's name
 */
public record WorkloadRef(String kind, String namespace, String name) {

    public WorkloadRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
