package io.neuronetes.service.pools;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.ToolBinding;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid pool as the registry serves it: the parsed spec with its AgentClass SLO resolved, where it came from,
 * its queue ToolBinding when it names one, and the manual override stored with its document, unparsed (see
 * {@link PoolDocument#storedOverride()}).
 */
public record PoolEntry(AgentPool pool, PoolOrigin origin, Optional<ToolBinding> toolBinding,
        Optional<String> storedOverride) {

    public PoolEntry {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(toolBinding, "toolBinding");
        Objects.requireNonNull(storedOverride, "storedOverride");
    }

    /** An entry with no stored override. */
    public PoolEntry(AgentPool pool, PoolOrigin origin, Optional<ToolBinding> toolBinding) {
        this(pool, origin, toolBinding, Optional.empty());
    }

    /** Whether {@code other} differs from this entry in its stored override only (same spec, origin, binding). */
    public boolean sameSpec(PoolEntry other) {
        return other != null && pool.equals(other.pool) && origin.equals(other.origin)
                && toolBinding.equals(other.toolBinding);
    }

    public String name() {
        return pool.name();
    }
}
