package io.neuronetes.service.runs;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.pools.PoolEntry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Manual overrides of the served pools, kept in the pools' {@link PoolRuntime}s and in an {@link OverrideStore}.
 *
 * <p>{@link #accept}: an override is clamped to the pool's bounds, stored, and only then put in force; one that
 * cannot be stored is not applied at all. {@link #restore}: when a pool's entry arrives (a restarted replica, a
 * replica that loads the pool) or the override stored with it changes (another replica accepted one), a stored
 * override that still holds is put in force, clamped to the bounds in force; a lapsed one is ignored; one that
 * cannot be read is logged, kept as the pool's {@link PoolRuntime#storedOverrideProblem()} (every decision then
 * says so) and ignored, and the pool goes on being scaled.
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
     * After the pool's entry arrived or changed: when the pool is new here or the override stored with it changed,
     * puts that override in force if it still holds, clamped to the pool's bounds, unless the override in force
     * was accepted after it. Never throws: a stored value that cannot be used is logged and kept as the pool's
     * problem.
     *
     * @param before the pool's previous entry, or null when the pool is new here
     * @return whether the override in force changed
     */
    public boolean restore(PoolRuntime rt, PoolEntry before) {
        PoolEntry entry = rt.entry();
        if (before != null && before.storedOverride().equals(entry.storedOverride())) {
            return false;
        }
        OverrideStore.Stored stored = store.stored(entry);
        String pool = entry.pool().namespace() + "/" + entry.name();
        if (stored.problem().isPresent()) {
            String problem = stored.problem().get();
            if (!problem.equals(rt.storedOverrideProblem().orElse(null))) {
                LOG.log(Level.WARNING, "pool " + pool + ": " + problem + "; the pool is scaled without it");
            }
            rt.storedOverrideProblem(problem);
            return false;
        }
        rt.storedOverrideProblem(null);
        if (stored.override().isEmpty()) {
            return false;
        }
        AgentPool spec = entry.pool();
        ManualOverride o = stored.override().get().clampedTo(spec.minReplicas(), spec.maxReplicas());
        if (!o.activeAt(clock.instant())) {
            LOG.log(Level.INFO, "pool " + pool + ": the override in " + stored.source() + " lapsed at "
                    + o.until() + "; ignored");
            return false;
        }
        if (!rt.restore(o)) {
            return false;
        }
        LOG.log(Level.INFO, "pool " + pool + ": override to " + o.replicas() + " replicas until " + o.until()
                + " restored from " + stored.source() + ": " + o.reason());
        return true;
    }
}
