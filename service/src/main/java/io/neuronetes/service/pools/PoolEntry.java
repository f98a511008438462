package io.neuronetes.service.pools;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.ToolBinding;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid pool as the registry serves it: the parsed spec with its AgentClass SLO resolved, where it came from,
 * and its queue ToolBinding when it names one.
 */
public record PoolEntry(AgentPool pool, PoolOrigin origin, Optional<ToolBinding> toolBinding) {

    public PoolEntry {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(toolBinding, "toolBinding");
    }

    public String name() {
        return pool.name();
    }
}
