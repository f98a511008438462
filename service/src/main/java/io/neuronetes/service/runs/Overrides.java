package io.neuronetes.service.runs;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.pools.PoolEntry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Manual overrides of the served pools, kept in the pools' {@link PoolRuntime}s and in an {@link OverrideStore}.
 *
 * <p>{@link #accept}: an override is clamped to the pool's bounds, stored, and only then put in force; one that
 * cannot be stored is not applied at all. {@link #end}: the stored override is removed, and only then the one in
 * force ends; one whose end cannot be stored stays in force. {@link #restore}: when a pool's entry arrives (a
 * restarted replica, a replica that loads the pool) or the override stored with it changes (another replica
 * accepted one), a stored override that still holds is put in force, clamped to the bounds in force; a lapsed one
 * is ignored; one that cannot be read is logged, kept as the pool's {@link PoolRuntime#storedOverrideProblem()}
 * (every decision then says so) and ignored, and the pool goes on being scaled; a stored override that was removed
 * ends the one in force, and says so ({@link Restored#ENDED}), so that the replica that acts on the cluster runs
 * the pool at once, as after {@link #end}. The replica that acts on the cluster ends nothing on what an entry shows
 * alone, since an entry can be behind the store: {@link #verify}, before each run, reads the store while the entry
 * does not show the override in force, and ends it only when the store no longer holds it. A standby goes by its
 * entries, so a replica that starts acting reads the store before its first run of each pool, and goes by what it
 * holds. {@link #removeLapsed}: the replica that acts on the cluster removes a stored override that lapsed.
 */
public final class Overrides {

    private static final System.Logger LOG = System.getLogger(Overrides.class.getName());

    private final OverrideStore store;
    private final Clock clock;
    private final Duration lifetime;

    /**
     * @param lifetime how long an accepted override holds ({@code neuronetes.api.override-lifetime}); > 0
     */
    public Overrides(OverrideStore store, Clock clock, Duration lifetime) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isZero() || lifetime.isNegative()) {
            throw new IllegalArgumentException("lifetime must be positive, got " + lifetime);
        }
        this.lifetime = lifetime;
    }

    /**
     * Holds the pool at {@code replicas}, clamped to its bounds, for the override lifetime: stores the override,
     * then puts it in force. Overrides of one pool are stored and applied one at a time, so that the one in force
     * is the one stored last.
     *
     * @return the override in force
     * @throws OverrideStore.NotStoredException when it could not be stored; nothing is applied then
     */
    public ManualOverride accept(PoolRuntime rt, int replicas, String reason) {
        synchronized (rt.accepting) {
            AgentPool spec = rt.entry().pool();
            Instant now = clock.instant();
            ManualOverride o = new ManualOverride(replicas, replicas, reason, now, now.plus(lifetime))
                    .clampedTo(spec.minReplicas(), spec.maxReplicas());
            store.save(rt.entry(), o);
            rt.override(o);
            return o;
        }
    }

    /**
     * Ends the pool's override in force at once: removes the stored one (whatever the pool's entry carries: also a
     * lapsed or unreadable one), then ends it here, so that no replica puts it in force again. With none in force
     * and nothing stored, nothing is written.
     *
     * @return the override that was in force, or empty when none was (a lapsed one held is cleared all the same);
     *         also when the removal, coming back through the pool source, ended it first
     * @throws OverrideStore.NotStoredException when the end could not be stored; the override stays in force then
     */
    public Optional<ManualOverride> end(PoolRuntime rt) {
        synchronized (rt.accepting) {
            Instant now = clock.instant();
            Optional<ManualOverride> inForce = rt.override().filter(o -> o.activeAt(now));
            if (inForce.isPresent() || rt.entry().storedOverride().isPresent()) {
                store.remove(rt.entry());
            }
            rt.end();
            return inForce;
        }
    }

    /** What {@link #restore} or {@link #verify} did to the override in force. */
    public enum Restored {
        /** Nothing: the stored override did not change, or what changed does not touch the one in force. */
        UNCHANGED,
        /** The stored override was put in force. */
        IN_FORCE,
        /**
         * The stored override was removed, and that ended the override in force: the pool is to run again from its
         * current size, as after {@link #end}.
         */
        ENDED,
        /**
         * The stored override changed and no longer shows the override in force, which still holds on the replica
         * that acts on the cluster: {@link #verify} is to read the store before the pool runs again, at once.
         */
        UNVERIFIED
    }

    /** Where {@link #apply} has a stored override from, which says what it may do. */
    private enum Source {
        /** A standby's entry: a removal ends the override in force; an override ended here does not come back. */
        ENTRY,
        /** The acting replica's entry, which may be behind the store: a removal ends nothing ({@link #verify}). */
        ENTRY_ACTING,
        /** The store, read now: a removal ends the override in force, and one ended here that it holds comes back. */
        STORE
    }

    /**
     * After the pool's entry arrived or changed: when the pool is new here or the override stored with it changed,
     * puts that override in force if it still holds, clamped to the pool's bounds, unless the override in force
     * was accepted after it; when the stored override was removed, ends the override in force, unless that was
     * accepted after the removed one. Never throws: a stored value that cannot be used is logged and kept as the
     * pool's problem.
     *
     * <p>On the replica that acts on the cluster ({@code acting}) what the entry shows ends nothing: an entry can
     * be behind the store (a watch that was down, a re-list from a lagging cache). There a change that leaves the
     * override in force unshown is {@link Restored#UNVERIFIED}, and {@link #verify} decides from the store itself.
     * A standby goes by its entries; once it acts, {@link #verify} reads the store before its first run.
     *
     * @param before the pool's previous entry, or null when the pool is new here
     * @param acting whether this replica acts on the cluster (leads)
     * @return what changed of the override in force
     */
    public Restored restore(PoolRuntime rt, PoolEntry before, boolean acting) {
        PoolEntry entry = rt.entry();
        if (before != null && before.storedOverride().equals(entry.storedOverride())) {
            return Restored.UNCHANGED;
        }
        Restored r = apply(rt, before == null ? OverrideStore.Stored.NONE : store.stored(before), store.stored(entry),
                acting ? Source.ENTRY_ACTING : Source.ENTRY);
        if (!acting) {
            rt.readWhileActing(false); // after the change, so that a read begun before it is made again
        }
        return r == Restored.UNCHANGED && acting && unverified(rt) ? Restored.UNVERIFIED : r;
    }

    /**
     * Before a run: when the override in force is not the one the pool's entry shows (this replica stored it and
     * has not seen it back, or the entry shows it removed or replaced), reads the store ({@link OverrideStore#read})
     * and goes by what it holds, as if the entry had shown the override in force and then that: still it, nothing
     * changes; removed, the override ends; another value is put in force, ignored or reported as {@link #restore}
     * does. Holds the pool's accepting lock, so that an override accepted or ended meanwhile is read too. A read
     * that fails changes nothing and is logged (WARNING); the next run reads again. Never throws.
     *
     * <p>The first run after this replica starts acting ({@code acting}; a takeover, a start as the leader) reads
     * the store whatever the entry shows: as a standby it went by its entries, which may have been behind (a stale
     * re-list ends an override there, and a late copy of it does not bring it back). A stored override that still
     * holds is put in force then, clamped, also one ended here, unless the override in force was accepted after
     * it; one in force that the store no longer holds ends. Until a read succeeds, each run reads again.
     *
     * @param acting whether this replica acts on the cluster (leads)
     * @return what changed of the override in force; never {@link Restored#UNVERIFIED}
     */
    public Restored verify(PoolRuntime rt, boolean acting) {
        synchronized (rt.accepting) {
            Optional<ManualOverride> held = rt.override().filter(o -> o.activeAt(clock.instant()));
            boolean takingOver = acting && !rt.readWhileActing();
            if (!acting) {
                rt.readWhileActing(false);
            }
            if (!takingOver && (held.isEmpty() || shown(rt.entry(), held.get()))) {
                return Restored.UNCHANGED;
            }
            String pool = name(rt.entry());
            rt.readWhileActing(acting); // before the read, so that a standby's change meanwhile clears it again
            Optional<OverrideStore.Stored> read;
            try {
                read = store.read(rt.entry());
            } catch (OverrideStore.NotReadException e) {
                rt.readWhileActing(false);
                LOG.log(Level.WARNING, "pool " + pool + ": " + (held.isPresent() ? "could not check that the "
                        + "override in force (accepted at " + held.get().at() + ") is still stored; it stays in force"
                        : "could not read the stored override; the pool is scaled without one")
                        + " and the next run reads again: " + e.getMessage());
                return Restored.UNCHANGED;
            }
            if (read.isEmpty() || held.isPresent() && read.get().override().filter(o -> o.sameAs(held.get()))
                    .isPresent()) {
                return Restored.UNCHANGED; // kept in memory only, or still stored: the entry is behind
            }
            OverrideStore.Stored now = read.get();
            if (held.isPresent() && now.override().isEmpty()) {
                LOG.log(Level.INFO, "pool " + pool + ": " + now.source() + " no longer holds the override in force "
                        + "(accepted at " + held.get().at() + "), as read now; the pool's entry "
                        + (shown(rt.entry(), held.get()) ? "still shows it" : "had not shown it"));
            }
            return apply(rt, held.map(o -> OverrideStore.Stored.of(o, now.source())).orElse(OverrideStore.Stored.NONE),
                    now, Source.STORE);
        }
    }

    /** Whether an override is in force that the pool's entry does not show, so that only the store can tell. */
    private boolean unverified(PoolRuntime rt) {
        return rt.override().filter(o -> o.activeAt(clock.instant()) && !shown(rt.entry(), o)).isPresent();
    }

    private boolean shown(PoolEntry entry, ManualOverride o) {
        return store.stored(entry).override().filter(o::sameAs).isPresent();
    }

    /**
     * The stored override went from {@code was} to {@code stored}: puts it in force, reports it, or ends the one
     * in force on its removal, as {@code from} allows.
     */
    private Restored apply(PoolRuntime rt, OverrideStore.Stored was, OverrideStore.Stored stored, Source from) {
        PoolEntry entry = rt.entry();
        String pool = name(entry);
        if (stored.problem().isPresent()) {
            String problem = stored.problem().get();
            if (!problem.equals(rt.storedOverrideProblem().orElse(null))) {
                LOG.log(Level.WARNING, "pool " + pool + ": " + problem + "; the pool is scaled without it");
            }
            rt.storedOverrideProblem(problem);
            return Restored.UNCHANGED;
        }
        rt.storedOverrideProblem(null);
        if (stored.override().isEmpty()) {
            return from != Source.ENTRY_ACTING && removed(rt, was) ? Restored.ENDED : Restored.UNCHANGED;
        }
        AgentPool spec = entry.pool();
        ManualOverride o = stored.override().get().clampedTo(spec.minReplicas(), spec.maxReplicas());
        if (!o.activeAt(clock.instant())) {
            LOG.log(Level.INFO, "pool " + pool + ": the override in " + stored.source() + " lapsed at "
                    + o.until() + "; ignored");
            return Restored.UNCHANGED;
        }
        if (!rt.restore(o, from == Source.STORE)) {
            return Restored.UNCHANGED;
        }
        LOG.log(Level.INFO, "pool " + pool + ": override to " + o.replicas() + " replicas until " + o.until()
                + " restored from " + stored.source() + (from == Source.STORE ? ", as read now" : "") + ": "
                + o.reason());
        return Restored.IN_FORCE;
    }

    /**
     * The stored override {@code was} has been removed (by hand, or by another replica that ended it): ends the
     * override in force, unless it was accepted after the removed one. Nothing when nothing was stored (an entry
     * without a stored override, or a store that keeps none).
     */
    private boolean removed(PoolRuntime rt, OverrideStore.Stored was) {
        if (was.override().isEmpty() && was.problem().isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        Instant removedAt = was.override().map(ManualOverride::at).orElse(null);
        Optional<ManualOverride> ended = rt.endRemoved(removedAt).filter(o -> o.activeAt(now));
        String pool = name(rt.entry());
        if (ended.isPresent()) {
            ManualOverride o = ended.get();
            LOG.log(Level.INFO, "pool " + pool + ": override to " + o.replicas() + " replicas until " + o.until()
                    + " ended: " + was.source() + " was removed");
            return true;
        }
        if (removedAt != null) {
            rt.override().filter(o -> o.activeAt(now)).ifPresent(o -> LOG.log(Level.INFO, "pool " + pool
                    + ": a late removal of " + was.source() + " (the override accepted at " + removedAt
                    + ") ignored: the override in force was accepted after it, at " + o.at()));
        }
        return false;
    }

    /**
     * After a run: removes the pool's stored override once it has lapsed, on the replica that acts on the cluster
     * only, and only while it is still the lapsed one (not one stored since). Best effort: tried once per stored
     * value; a failure is logged and changes nothing else. Never throws.
     */
    public void removeLapsed(PoolRuntime rt) {
        PoolEntry entry = rt.entry();
        OverrideStore.Stored stored = store.stored(entry);
        if (stored.override().isEmpty() || stored.override().get().activeAt(clock.instant())
                || entry.storedOverride().equals(rt.lapsedRemovalTried())) {
            return;
        }
        String pool = name(entry);
        synchronized (rt.accepting) {
            try {
                boolean removed = store.removeIfUnchanged(entry);
                rt.lapsedRemovalTried(entry.storedOverride().get());
                LOG.log(Level.INFO, "pool " + pool + ": the override in " + stored.source() + " lapsed at "
                        + stored.override().get().until() + (removed ? "; removed"
                                : "; it changed meanwhile, so it stays"));
            } catch (OverrideStore.NotStoredException e) {
                if (!e.standingBy()) { // a standby leaves it to the leader, and tries once it leads
                    rt.lapsedRemovalTried(entry.storedOverride().get());
                    LOG.log(Level.WARNING, "pool " + pool + ": lapsed override not removed (not retried): "
                            + e.getMessage());
                }
            }
        }
    }

    private static String name(PoolEntry entry) {
        return entry.pool().namespace() + "/" + entry.name();
    }
}
