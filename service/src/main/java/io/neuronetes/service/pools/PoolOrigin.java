package io.neuronetes.service.pools;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a pool document came from: a YAML file, an AgentPool custom resource, or a resource bundled in the jar.
 * Used to report errors against their source and to tell which document a deletion refers to. Two origins are
 * equal when their kind and location are equal.
 *
 * @param kind     the kind of source
 * @param location the file path, {@code namespace/name} of the resource, or the classpath resource name
 */
public record PoolOrigin(Kind kind, String location) {

    /** The kinds of pool source. */
    public enum Kind {
        /** An AgentPool YAML file in the pools folder. */
        FILE,
        /** An AgentPool custom resource ({@code neuronetes.io/v1alpha1}) in a cluster. */
        KUBERNETES,
        /** A pool bundled in the jar (the embedded default). */
        BUNDLED
    }

    public PoolOrigin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
    }

    /** The origin of a YAML file. */
    public static PoolOrigin file(Path path) {
        return new PoolOrigin(Kind.FILE, path.toString());
    }

    /** The origin of an AgentPool custom resource. */
    public static PoolOrigin resource(String namespace, String name) {
        return new PoolOrigin(Kind.KUBERNETES, namespace + "/" + name);
    }

    /** The origin of a pool bundled in the jar. */
    public static PoolOrigin bundled(String resource) {
        return new PoolOrigin(Kind.BUNDLED, resource);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + location;
    }
}
