package io.neuronetes.service.kubernetes;

import java.util.Objects;

/**
 * The workload whose replicas a pool scales: a Deployment or a StatefulSet in the pool's namespace.
 *
 * @param kind      {@link Kind#DEPLOYMENT} or {@link Kind#STATEFUL_SET}
 * @param namespace the namespace (the pool's)
 * @param name      the workload's name
 */
public record WorkloadRef(Kind kind, String namespace, String name) {

    /** Workload kinds that have a scale subresource the actuator drives. */
    public enum Kind {
        DEPLOYMENT("Deployment", "deployments"),
        STATEFUL_SET("StatefulSet", "statefulsets");

        private final String kindName;
        private final String plural;

        Kind(String kindName, String plural) {
            this.kindName = kindName;
            this.plural = plural;
        }

        /** The Kubernetes {@code kind}, e.g. {@code Deployment}. */
        public String kindName() {
            return kindName;
        }

        /** The resource name in API paths, e.g. {@code deployments}. */
        public String plural() {
            return plural;
        }
    }

    public WorkloadRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind.kindName + " " + namespace + "/" + name;
    }
}
