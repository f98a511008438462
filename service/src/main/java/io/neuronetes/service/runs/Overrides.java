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
 * the pool at once, as after {@link #end}. {@link #removeLapsed}: the replica that acts on the cluster removes a
 * stored override that lapsed.
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

    /** What {@link #restore} did to the override in force. */
    public enum Restored {
        /** Nothing: the stored override did not change, or what changed does not touch the one in force. */
        UNCHANGED,
        /** The stored override was put in force. */
        IN_FORCE,
        /**
         * The stored override was removed, and that ended the override in force: the pool is to run again from its
         * current size, as after {@link #end}.
         */
        ENDED
    }

    /**
     * After the pool's entry arrived or changed: when the pool is new here or the override stored with it changed,
     * puts that override in force if it still holds, clamped to the pool's bounds, unless the override in force
     * was accepted after it; when the stored override was removed, ends the override in force, unless that was
     * accepted after the removed one. Never throws: a stored value that cannot be used is logged and kept as the
     * pool's problem.
     *
     * @param before the pool's previous entry, or null when the pool is new here
     * @return what changed of the override in force
     */
    public Restored restore(PoolRuntime rt, PoolEntry before) {
        PoolEntry entry = rt.entry();
        if (before != null && before.storedOverride().equals(entry.storedOverride())) {
            return Restored.UNCHANGED;
        }
        OverrideStore.Stored stored = store.stored(entry);
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
            return before != null && removed(rt, store.stored(before)) ? Restored.ENDED : Restored.UNCHANGED;
        }
        AgentPool spec = entry.pool();
        ManualOverride o = stored.override().get().clampedTo(spec.minReplicas(), spec.maxReplicas());
        if (!o.activeAt(clock.instant())) {
            LOG.log(Level.INFO, "pool " + pool + ": the override in " + stored.source() + " lapsed at "
                    + o.until() + "; ignored");
            return Restored.UNCHANGED;
        }
        if (!rt.restore(o)) {
            return Restored.UNCHANGED;
        }
        LOG.log(Level.INFO, "pool " + pool + ": override to " + o.replicas() + " replicas until " + o.until()
                + " restored from " + stored.source() + ": " + o.reason());
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
