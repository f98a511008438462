package io.neuronetes.service.kubernetes;

import java.util.Objects;

/**
 * Whether this replica of the service may write to the cluster now. The actuator asks before every write, so a
 * replica that loses its lease stops acting at the next write, not at the next run.
 *
 * <p>A replica that does not lead either stands by (another replica holds the lease: its runs are skipped) or
 * cannot tell who leads (the lease cannot be read or renewed, or it expired and nobody renews it: its runs fail,
 * so that an unreachable API server shows as failures and is retried, never as quietly skipped runs).
 */
public interface Leadership {

    /** True while this replica holds leadership; cheap (no API call), called before every write. */
    boolean isLeader();

    /**
     * This replica's view of leadership now; cheap (no API call). The default stands by whenever
     * {@link #isLeader()} is false: right for implementations that always know another replica acts.
     */
    default Status status() {
        return isLeader() ? Status.LEADING : Status.standby("not the leader: another replica of the service acts");
    }

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
        Status s = status();
        if (s.role() != Role.LEADING) {
            throw new NotLeaderException(s, action);
        }
    }

    /** Where this replica stands. */
    enum Role {
        /** It holds the lease and may write. */
        LEADING,
        /** Another replica holds the lease: this one writes nothing and its runs are skipped. */
        STANDBY,
        /**
         * No replica is known to lead: the lease cannot be read or renewed, or it expired and nobody renews it.
         * This one writes nothing and its runs fail with the cause.
         */
        UNAVAILABLE
    }

    /**
     * @param role    where this replica stands
     * @param message why it does not lead (names the lease and the cause), empty while it leads
     */
    record Status(Role role, String message) {

        public static final Status LEADING = new Status(Role.LEADING, "");

        public Status {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(message, "message");
        }

        public static Status standby(String why) {
            return new Status(Role.STANDBY, why);
        }

        public static Status unavailable(String why) {
            return new Status(Role.UNAVAILABLE, why);
        }
    }

    /** Thrown when a write is attempted by a replica that does not lead. */
    final class NotLeaderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Status status;

        public NotLeaderException(Status status, String action) {
            super(status.message() + ": skipped " + action);
            this.status = status;
        }

        /** Where the replica stood when the write was refused. */
        public Status status() {
            return status;
        }
    }
}
