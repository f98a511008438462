package io.neuronetes.service.pools;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A document the registry does not serve, and why: unreadable YAML, spec errors with their field paths, a name
 * already taken, or a reference to an AgentClass or ToolBinding that does not exist. When the document is a refused
 * newer version of one that was valid, the last valid version is served in its place, and
 * {@code servedRevision} says which.
 *
 * @param origin         where the document came from
 * @param kind           the document's kind ({@code AgentPool}, {@code AgentClass}, {@code ToolBinding}), or empty
 *                       when unreadable
 * @param name           {@code metadata.name} when it could be read (for an unreadable document, the name of the
 *                       version kept in its place)
 * @param errors         one line per problem, each naming the field path or the file position
 * @param servedRevision the revision of the last valid version of this document, served in place of the refused
 *                       one; empty when nothing from this document is served
 * @param refusedRevision the revision of the version refused, when it could be read: the newer version refused while
 *                       an earlier one is served in its place, or the version that is not served at all (invalid,
 *                       or naming what cannot be resolved); empty for unreadable documents and for AgentClasses and
 *                       ToolBindings that repeat a name
 */
public record PoolProblem(PoolOrigin origin, String kind, Optional<String> name, List<String> errors,
        Optional<String> servedRevision, Optional<String> refusedRevision) {

    public PoolProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(servedRevision, "servedRevision");
        Objects.requireNonNull(refusedRevision, "refusedRevision");
        errors = List.copyOf(errors);
    }

    /** A problem with nothing served in place of the document. */
    public PoolProblem(PoolOrigin origin, String kind, Optional<String> name, List<String> errors) {
        this(origin, kind, name, errors, Optional.empty(), Optional.empty());
    }
}
