package io.neuronetes.service.kubernetes;

/**
 * Whether this replica of the service may write to the cluster now. The actuator asks before every write, so a
 * replica that loses its lease stops acting at the next write, not at the next run.
 */
public interface Leadership {

    /** True while this replica holds leadership; cheap (no API call), called before every write. */
    boolean isLeader();

    /** Leadership for a single replica that runs without election. */
    static Leadership always() {
        return () -> true;
    }

    /**
     * Throws {@link NotLeaderException} unless this replica leads.
     *
     * @param action what was about to be written, for the message
     */
    default void require(String action) {
        if (!isLeader()) {
            throw new NotLeaderException("not the leader: skipped " + action);
        }
    }

    /** Thrown when a write is attempted by a replica that does not lead. */
    final class NotLeaderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotLeaderException(String message) {
            super(message);
        }
    }
}
