package io.neuronetes.service.pools;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A document the registry does not serve, and why: unreadable YAML, spec errors with their field paths, a name
 * already taken, or a reference to an AgentClass or ToolBinding that does not exist.
 *
 * @param origin where the document came from
 * @param kind   the document's kind ({@code AgentPool}, {@code AgentClass}, {@code ToolBinding}), or empty when unreadable
 * @param name   {@code metadata.name} when it could be read
 * @param errors one line per problem, each naming the field path or the file position
 */
public record PoolProblem(PoolOrigin origin, String kind, Optional<String> name, List<String> errors) {

    public PoolProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        errors = List.copyOf(errors);
    }
}
