package io.neuronetes.service.pools;

import java.util.Map;
import java.util.Objects;

/**
 * One AgentPool document as its source read it, before validation: the generic tree of the YAML or JSON
 * ({@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}) as maps, lists, strings, numbers and booleans.
 * The registry validates the tree with the scheduler's parser; sources never validate.
 *
 * @param origin   where the document came from
 * @param tree     the document's root mapping; not copied, so sources must not mutate it after delivery
 * @param revision changes whenever the content changes (a content hash, or a resource version); lets the registry
 *                 skip re-validating an unchanged document
 */
public record PoolDocument(PoolOrigin origin, Map<String, Object> tree, String revision) {

    public PoolDocument {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(revision, "revision");
    }
}
