package io.neuronetes.service.runs;

import io.neuronetes.scheduler.plan.PoolState;
import io.neuronetes.service.pools.PoolEntry;
import java.util.Optional;

/**
 * The live state of one served pool: its spec, the planner's state, the decision log, the last run and the
 * override in force. Written only by the pool's own runs (which never overlap) and by the override endpoint;
 * read by the API at any time, so every field is volatile and every value immutable.
 */
public final class PoolRuntime {

    private volatile PoolEntry entry;
    private volatile PoolState state;
    private volatile RunOutcome lastRun;
    private volatile ManualOverride override;
    private final DecisionLog log;

    public PoolRuntime(PoolEntry entry, int logSize) {
        this.entry = entry;
        this.log = new DecisionLog(logSize);
    }

    public PoolEntry entry() {
        return entry;
    }

    public String name() {
        return entry.name();
    }

    /** Replaces the spec (the file or resource changed); the planner state is kept. */
    public void entry(PoolEntry e) {
        entry = e;
    }

    /** The planner's state after the last decision; empty before the first run. */
    public Optional<PoolState> state() {
        return Optional.ofNullable(state);
    }

    void state(PoolState s) {
        state = s;
    }

    public DecisionLog log() {
        return log;
    }

    public Optional<RunOutcome> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    void lastRun(RunOutcome r) {
        lastRun = r;
    }

    public Optional<ManualOverride> override() {
        return Optional.ofNullable(override);
    }

    public void override(ManualOverride o) {
        override = o;
    }
}
