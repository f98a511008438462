package io.neuronetes.service.runs;

import io.neuronetes.scheduler.plan.PoolState;
import io.neuronetes.service.pools.PoolEntry;
import java.util.Optional;

/**
 * The live state of one served pool: its spec, the planner's state, the decision log, the last run and the
 * override in force. Written only by the pool's own runs (which never overlap), by the override endpoint and by
 * the restore of a stored override; read by the API at any time, so every field is volatile and every value
 * immutable.
 */
public final class PoolRuntime {

    private volatile PoolEntry entry;
    private volatile PoolState state;
    private volatile RunOutcome lastRun;
    private volatile ManualOverride override;
    private volatile String storedOverrideProblem;
    private final DecisionLog log;
    /** Guards the override's compare-and-set (short, no I/O). */
    private final Object overrideLock = new Object();
    /** Held by {@link Overrides#accept} while it stores an override, so that stores and sets keep one order. */
    final Object accepting = new Object();

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
        synchronized (overrideLock) {
            override = o;
        }
    }

    /**
     * Puts a stored override in force, unless it is the one in force or the one in force was accepted after it (a
     * stored copy of an earlier override that arrives late).
     *
     * @return whether the override in force changed
     */
    boolean restore(ManualOverride o) {
        synchronized (overrideLock) {
            ManualOverride held = override;
            if (held != null && (held.equals(o) || o.at().isBefore(held.at()))) {
                return false;
            }
            override = o;
            return true;
        }
    }

    /** What is wrong with the override stored with the pool, while it cannot be used; see {@link OverrideStore}. */
    public Optional<String> storedOverrideProblem() {
        return Optional.ofNullable(storedOverrideProblem);
    }

    void storedOverrideProblem(String problem) {
        storedOverrideProblem = problem;
    }
}
