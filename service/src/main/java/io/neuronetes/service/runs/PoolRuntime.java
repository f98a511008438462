package io.neuronetes.service.runs;

import io.neuronetes.scheduler.plan.PoolState;
import io.neuronetes.service.pools.PoolEntry;
import java.time.Instant;
import java.util.Optional;

/**
 * The live state of one served pool: its spec, the planner's state, the decision log, the last run and the
 * override in force. Written only by the pool's own runs (which never overlap), by the override endpoints and by
 * the restore or removal of a stored override; read by the API at any time, so every field is volatile (or read
 * and written under the override's lock only) and every value immutable.
 */
public final class PoolRuntime {

    private volatile PoolEntry entry;
    private volatile PoolState state;
    private volatile RunOutcome lastRun;
    private volatile ManualOverride override;
    /**
     * The override ended last, so that a late stored copy of it (or of an earlier one) does not come back. Under
     * {@link #overrideLock} only.
     */
    private ManualOverride ended;
    private volatile String storedOverrideProblem;
    /** The stored value whose removal after it lapsed this replica tried (once per value). */
    private volatile String lapsedRemovalTried;
    /**
     * Whether this replica has read the stored override since it last handled the pool without acting on the
     * cluster (as a standby, or not yet at all): see {@link Overrides#verify}.
     */
    private volatile boolean readWhileActing;
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
     * Puts a stored override in force, unless it is the one in force, the one in force was accepted after it, or,
     * for a copy that the pool's entry carries, it was accepted no later than the one ended last (a stored copy of
     * an earlier override that arrives late). One read from the store now ({@code read}) is put in force although
     * it was ended here: the store still holds it, so the end was made on an entry that was behind.
     *
     * @param read whether {@code o} was read from the store now rather than from the pool's entry
     * @return whether the override in force changed
     */
    boolean restore(ManualOverride o, boolean read) {
        synchronized (overrideLock) {
            ManualOverride held = override;
            if (held != null && (held.equals(o) || o.at().isBefore(held.at()))) {
                return false;
            }
            if (!read && ended != null && !o.at().isAfter(ended.at())) {
                return false;
            }
            override = o;
            return true;
        }
    }

    /**
     * Ends the override held, lapsed or not: none is in force until a newer one is accepted or restored.
     *
     * @return the override that was held, if any
     */
    Optional<ManualOverride> end() {
        synchronized (overrideLock) {
            ManualOverride held = override;
            if (held != null) {
                ended = held;
                override = null;
            }
            return Optional.ofNullable(held);
        }
    }

    /**
     * Ends the override held because a stored one was removed, unless the one held was accepted after the removed
     * one (a removal that arrives late, after an override this replica accepted since).
     *
     * @param removedAt when the removed override was accepted; null when the removed value could not be read, which
     *                  ends the override held
     * @return the override ended, if any
     */
    Optional<ManualOverride> endRemoved(Instant removedAt) {
        synchronized (overrideLock) {
            ManualOverride held = override;
            if (held == null || removedAt != null && held.at().isAfter(removedAt)) {
                return Optional.empty();
            }
            return end();
        }
    }

    /** What is wrong with the override stored with the pool, while it cannot be used; see {@link OverrideStore}. */
    public Optional<String> storedOverrideProblem() {
        return Optional.ofNullable(storedOverrideProblem);
    }

    void storedOverrideProblem(String problem) {
        storedOverrideProblem = problem;
    }

    /** The stored value whose removal after it lapsed this replica tried, if any. */
    Optional<String> lapsedRemovalTried() {
        return Optional.ofNullable(lapsedRemovalTried);
    }

    void lapsedRemovalTried(String value) {
        lapsedRemovalTried = value;
    }

    boolean readWhileActing() {
        return readWhileActing;
    }

    void readWhileActing(boolean read) {
        readWhileActing = read;
    }
}
