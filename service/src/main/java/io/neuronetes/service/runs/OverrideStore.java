package io.neuronetes.service.runs;

import io.neuronetes.service.pools.PoolEntry;
import java.util.Objects;
import java.util.Optional;

/**
 * Where accepted manual overrides are kept besides the memory of the replica that accepted them, so that the
 * replica that acts next (after a failover or a restart) holds them too. One class per place: {@link #memoryOnly()}
 * (nothing kept: pools from files, and every pool outside Kubernetes mode) and the AgentPool's
 * {@code neuronetes.io/override} annotation in Kubernetes mode.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #save} stores the override and {@link #remove} its end, or they throw {@link NotStoredException}
 *   naming the cause; when they throw, nothing was changed and the caller changes nothing;</li>
 *   <li>{@link #removeIfUnchanged} removes a stored override only while it is still the one the pool's entry
 *   carries, so that one written meanwhile stays;</li>
 *   <li>{@link #stored} reads the override its pool entry carries ({@link PoolEntry#storedOverride()}), without I/O
 *   and without throwing: a stored value that cannot be used comes back as a problem saying what is wrong;</li>
 *   <li>{@link #read} reads the stored override from where it is kept, now, not as the entry carries it (which
 *   may be behind), or throws {@link NotReadException} naming the cause;</li>
 *   <li>calls for different pools may be concurrent, so implementations are thread-safe.</li>
 * </ul>
 */
public interface OverrideStore {

    /**
     * Stores {@code override} as the pool's override in force, replacing any earlier one.
     *
     * @throws NotStoredException when it could not be stored; nothing was then
     */
    void save(PoolEntry pool, ManualOverride override);

    /**
     * Removes the pool's stored override, whatever it holds, so that no replica puts it in force again (after a
     * failover or a restart included). Nothing stored is not an error.
     *
     * @throws NotStoredException when it could not be removed; it is then still stored
     */
    void remove(PoolEntry pool);

    /**
     * Removes the stored override the pool's entry carries ({@link PoolEntry#storedOverride()}), only while it is
     * still that one: a value written meanwhile stays.
     *
     * @return whether it was removed; false when there was nothing to remove or it had changed meanwhile
     * @throws NotStoredException when it could not be removed
     */
    boolean removeIfUnchanged(PoolEntry pool);

    /** The override stored with the pool as its entry carries it: none, one, or a problem. */
    Stored stored(PoolEntry pool);

    /**
     * The override stored with the pool as it is kept now, read from there (I/O), as {@link #stored} reads an
     * entry's: for the check that an override in force, which the pool's entry does not show, is still stored.
     *
     * @return empty when this store keeps nothing for the pool (memory only)
     * @throws NotReadException when it could not be read
     */
    Optional<Stored> read(PoolEntry pool);

    /** Keeps nothing: an override lives in the memory of the replica that accepted it. */
    static OverrideStore memoryOnly() {
        return new OverrideStore() {
            @Override
            public void save(PoolEntry pool, ManualOverride override) {
                // memory only
            }

            @Override
            public void remove(PoolEntry pool) {
                // memory only
            }

            @Override
            public boolean removeIfUnchanged(PoolEntry pool) {
                return false;
            }

            @Override
            public Stored stored(PoolEntry pool) {
                return Stored.NONE;
            }

            @Override
            public Optional<Stored> read(PoolEntry pool) {
                return Optional.empty();
            }
        };
    }

    /**
     * What a pool's entry holds.
     *
     * @param override the stored override as stored (not clamped, possibly lapsed), when it could be read
     * @param problem  what is wrong with the stored value (naming where it is stored), when it could not
     * @param source   where it is stored, such as {@code annotation neuronetes.io/override of AgentPool agents/web};
     *                 empty when an entry carries nothing ({@link #read} names where it looked)
     */
    record Stored(Optional<ManualOverride> override, Optional<String> problem, String source) {

        /** Nothing stored. */
        public static final Stored NONE = new Stored(Optional.empty(), Optional.empty(), "");

        public Stored {
            Objects.requireNonNull(override, "override");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(source, "source");
        }

        public static Stored of(ManualOverride override, String source) {
            return new Stored(Optional.of(override), Optional.empty(), source);
        }

        public static Stored invalid(String problem, String source) {
            return new Stored(Optional.empty(), Optional.of(problem), source);
        }
    }

    /** An override, or its end, that could not be stored, and so was not applied. */
    final class NotStoredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final boolean standingBy;

        /**
         * @param standingBy whether it was refused because this replica does not act on the cluster (the caller
         *                   retries, and may reach the replica that does)
         * @param message    why, naming where it was to be stored or removed
         */
        public NotStoredException(boolean standingBy, String message) {
            super(message);
            this.standingBy = standingBy;
        }

        /** Whether this replica stood by (does not act on the cluster) when it tried. */
        public boolean standingBy() {
            return standingBy;
        }
    }

    /** A stored override that could not be read. */
    final class NotReadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message why, naming where it is stored
         */
        public NotReadException(String message) {
            super(message);
        }
    }
}
