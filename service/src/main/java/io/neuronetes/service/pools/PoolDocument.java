package io.neuronetes.service.pools;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One AgentPool document as its source read it, before validation: the generic tree of the YAML or JSON
 * ({@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}) as maps, lists, strings, numbers and booleans.
 * The registry validates the tree with the scheduler's parser; sources never validate.
 *
 * @param origin   where the document came from
 * @param tree     the document's root mapping; not copied, so sources must not mutate it after delivery
 * @param revision changes whenever the content changes (a content hash, or a resource version); lets the registry
 *                 skip re-validating an unchanged document
 * @param storedOverride the manual override stored with the document, as the source read it (the AgentPool's
 *                 {@code neuronetes.io/override} annotation), unparsed; empty for files and for resources without
 *                 one. Not part of the revision: it changes without the spec changing.
 * @param lastAccepted the version of the document last accepted and served, as stored with it (an AgentPool's
 *                 {@code status.servedSpec} and {@code status.servedGeneration}), unvalidated: the registry serves
 *                 it in place of a refused document when it knows no valid version of its own (after a restart).
 *                 Empty for files and for resources without one. Not part of the revision either.
 */
public record PoolDocument(PoolOrigin origin, Map<String, Object> tree, String revision,
        Optional<String> storedOverride, Optional<Version> lastAccepted) {

    /** A version of a document: its revision and its tree, in the form of {@link PoolDocument#tree}. */
    public record Version(String revision, Map<String, Object> tree) {
        public Version {
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(tree, "tree");
        }
    }

    public PoolDocument {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(storedOverride, "storedOverride");
        Objects.requireNonNull(lastAccepted, "lastAccepted");
    }

    /** A document with no last accepted version stored with it. */
    public PoolDocument(PoolOrigin origin, Map<String, Object> tree, String revision,
            Optional<String> storedOverride) {
        this(origin, tree, revision, storedOverride, Optional.empty());
    }

    /** A document with no stored override and no last accepted version (files, bundled pools). */
    public PoolDocument(PoolOrigin origin, Map<String, Object> tree, String revision) {
        this(origin, tree, revision, Optional.empty());
    }
}
