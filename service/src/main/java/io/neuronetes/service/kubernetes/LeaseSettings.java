package io.neuronetes.service.kubernetes;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the coordination Lease used for leader election.
 *
 * @param namespace     namespace of the Lease (the service's own)
 * @param name          name of the Lease, shared by all replicas of one installation
 * @param identity      this replica's identity (its pod name); unique per replica
 * @param leaseDuration how long a lease stays valid after its last renewal; a standby takes over after that. A
 *                      whole number of seconds: the Lease stores {@code leaseDurationSeconds}, so a fraction would
 *                      be cut off in the standbys' view and shorten the lease below what this replica assumes
 * @param renewDeadline how long the leader keeps acting without a successful renewal; must be below
 *                      leaseDuration so that the old leader stops before a new one can start
 * @param retryPeriod   interval between acquire and renew attempts; below renewDeadline
 */
public record LeaseSettings(String namespace, String name, String identity, Duration leaseDuration,
        Duration renewDeadline, Duration retryPeriod) {

    public LeaseSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        if (identity.isBlank()) {
            throw new IllegalArgumentException("lease identity must not be blank");
        }
        if (retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("retryPeriod must be > 0, got " + retryPeriod);
        }
        if (renewDeadline.compareTo(retryPeriod) <= 0) {
            throw new IllegalArgumentException("renewDeadline (" + renewDeadline + ") must exceed retryPeriod ("
                    + retryPeriod + ")");
        }
        if (leaseDuration.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("leaseDuration must be a whole number of seconds (the Lease stores "
                    + "seconds), got " + leaseDuration);
        }
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("leaseDuration (" + leaseDuration + ") must exceed renewDeadline ("
                    + renewDeadline + ")");
        }
    }
}
