package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Leader election over a {@code coordination.k8s.io/v1} Lease with fabric8's LeaderElector.
 *
 * <p>This replica leads while the elector reports it as the holder <em>and</em> its last successful renewal is
 * younger than {@link LeaseSettings#renewDeadline()}. The second condition is checked on every
 * {@link #isLeader()} call from this replica's own clock, so a replica cut off from the API server stops acting
 * once the deadline passes even if the elector's loop is still waiting on a slow request; the deadline is below
 * the lease duration, so it stops before any other replica can acquire the lease. A replica that loses the lease
 * goes back to contending for it, and stops acting as soon as a read of the lease shows another holder.
 * {@link #close()} releases a held lease so a standby takes over at once.
 *
 * <p>{@link #status()} tells a standby from a replica that cannot tell who leads: it stands by while another
 * holder's lease was seen unexpired within the last lease duration (a failover then takes place in that time), or
 * during the first lease duration after {@link #start()} while it has not led yet; otherwise, when it does not
 * lead, the lease cannot be read or renewed, or it expired with nobody renewing it, and the status is
 * {@code UNAVAILABLE} with the cause.
 */
public final class LeaseLeadership implements Leadership, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LeaseLeadership.class.getName());

    private final KubernetesClient client;
    private final LeaseSettings settings;
    private final Clock clock;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicReference<Instant> lastRenewal = new AtomicReference<>(Instant.MIN);
    private final AtomicReference<String> observedLeader = new AtomicReference<>();
    /** The last record read, and when another holder's unexpired lease was last seen (this replica's clock). */
    private volatile LeaderElectionRecord lastRecord;
    private volatile Instant otherSeenAt = Instant.MIN;
    private volatile String otherHolder;
    /** Why the last read, acquisition or renewal failed; cleared by a renewal or by seeing another holder. */
    private volatile String problem;
    private volatile Instant startedAt;
    /** Whether this replica has led since it started: the start-up grace of {@link #status()} is then over. */
    private volatile boolean hasLed;
    private volatile boolean closed;
    private volatile CompletableFuture<?> running;
    private volatile LeaderElector elector;

    public LeaseLeadership(KubernetesClient client, LeaseSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    /** Starts contending for the lease in the background; returns at once. */
    public synchronized void start() {
        if (closed || running != null) {
            return;
        }
        startedAt = clock.instant();
        contend();
    }

    private synchronized void contend() {
        if (closed) {
            return;
        }
        Lock lock = new RenewalTrackingLock(new LeaseLock(settings.namespace(), settings.name(),
                settings.identity()));
        var config = new LeaderElectionConfigBuilder()
                .withName(settings.name())
                .withLock(lock)
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel()
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                        observedLeader::set))
                .build();
        LeaderElector current = client.leaderElector().withConfig(config).build();
        elector = current;
        CompletableFuture<?> future = current.start();
        running = future;
        // The elector's future ends when leadership is lost; contend again unless closed.
        future.whenComplete((ignored, error) -> {
            stoppedLeading();
            if (error != null && !closed) {
                LOG.log(Level.WARNING, "leader election for lease " + describe() + " ended: " + error);
            }
            contend();
        });
    }

    @Override
    public boolean isLeader() {
        return leading.get() && clock.instant().isBefore(lastRenewal.get().plus(settings.renewDeadline()));
    }

    /**
     * Leading; standing by while another replica holds the lease (or in the first lease duration after start,
     * before this replica has led); otherwise unavailable, naming the lease and why nobody is known to lead.
     */
    @Override
    public Status status() {
        if (isLeader()) {
            return Status.LEADING;
        }
        Instant now = clock.instant();
        LeaderElectionRecord seen = lastRecord;
        if (closed || startedAt == null) {
            return Status.standby("not the leader: leader election for lease " + describe() + " is not running");
        }
        if (now.isBefore(otherSeenAt.plus(settings.leaseDuration()))) {
            return Status.standby("not the leader: lease " + describe() + " is held by " + otherHolder);
        }
        String failure = problem;
        if (failure != null) {
            return Status.unavailable("lease " + describe() + " " + failure);
        }
        if (!hasLed && now.isBefore(startedAt.plus(settings.leaseDuration()))) {
            return Status.standby("not the leader: leader election for lease " + describe() + " is starting");
        }
        if (seen == null || seen.getHolderIdentity() == null || seen.getHolderIdentity().isEmpty()) {
            return Status.unavailable("lease " + describe() + " has no holder and this replica has not acquired it");
        }
        if (settings.identity().equals(seen.getHolderIdentity())) {
            return Status.unavailable("lease " + describe() + " has not been renewed within the renew deadline ("
                    + settings.renewDeadline() + ")");
        }
        return Status.unavailable("lease " + describe() + " held by " + seen.getHolderIdentity()
                + " expired (last renewed " + seen.getRenewTime() + ") and nobody renews it");
    }

    /** The identity of the holder this replica last observed on the lease, or null before the first read. */
    public String observedLeader() {
        return observedLeader.get();
    }

    /** This replica's identity on the lease. */
    public String identity() {
        return settings.identity();
    }

    /**
     * Stops contending and releases the lease if this replica holds it, so that a standby takes over at its next
     * attempt instead of waiting for the lease to expire.
     */
    @Override
    public synchronized void close() {
        closed = true;
        leading.set(false);
        CompletableFuture<?> future = running;
        if (future != null) {
            future.cancel(true);
        }
        // Cancelling interrupts the elector's own release when it is mid-request; release from this thread too
        // (a no-op when the lease is already released or held by another replica).
        LeaderElector current = elector;
        if (current != null) {
            try {
                current.release();
            } catch (RuntimeException e) {
                // the API server is unreachable or the client closed: the lease then expires on its own
                LOG.log(Level.WARNING, "could not release lease " + describe() + ": " + e.getMessage());
            }
        }
    }

    private void startedLeading() {
        hasLed = true;
        LOG.log(Level.INFO, settings.identity() + " leads through lease " + describe());
        leading.set(true);
    }

    private void stoppedLeading() {
        if (leading.getAndSet(false)) {
            LOG.log(Level.INFO, settings.identity() + " stopped leading (lease " + describe() + ")");
        }
    }

    private String describe() {
        return settings.namespace() + "/" + settings.name();
    }

    /** Records when this replica last wrote the lease as its holder. */
    private final class RenewalTrackingLock implements Lock {
        private final Lock delegate;

        RenewalTrackingLock(Lock delegate) {
            this.delegate = delegate;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient kubernetesClient) {
            LeaderElectionRecord record;
            try {
                record = delegate.get(kubernetesClient);
            } catch (RuntimeException e) {
                failed(e);
                throw e;
            }
            read(record);
            return record;
        }

        @Override
        public void create(KubernetesClient kubernetesClient, LeaderElectionRecord record) {
            Instant before = clock.instant();
            try {
                delegate.create(kubernetesClient, record);
            } catch (RuntimeException e) {
                failed(e);
                throw e;
            }
            renewed(record, before);
        }

        @Override
        public void update(KubernetesClient kubernetesClient, LeaderElectionRecord record) {
            Instant before = clock.instant();
            try {
                delegate.update(kubernetesClient, record);
            } catch (RuntimeException e) {
                failed(e);
                throw e;
            }
            renewed(record, before);
        }

        /** Another holder on the lease ends this replica's leadership at once, before the elector notices. */
        private void read(LeaderElectionRecord record) {
            lastRecord = record;
            String holder = record == null ? null : record.getHolderIdentity();
            if (holder == null || holder.isEmpty() || holder.equals(identity())) {
                return;
            }
            lastRenewal.set(Instant.MIN);
            Instant now = clock.instant();
            if (record.getRenewTime() != null
                    && now.isBefore(record.getRenewTime().toInstant().plus(settings.leaseDuration()))) {
                otherHolder = holder;
                otherSeenAt = now;
                problem = null;
            }
        }

        private void failed(RuntimeException e) {
            if (e instanceof KubernetesClientException k && k.getCode() == 409) {
                // Another replica wrote the lease between this one's read and write (two replicas starting
                // together): contention, not an outage. The next read shows the holder.
                return;
            }
            LeaderElectionRecord seen = lastRecord;
            boolean held = seen != null && identity().equals(seen.getHolderIdentity());
            problem = (held ? "cannot be renewed: " : "cannot be read or acquired: ") + cause(e);
        }

        /** A renewal counts from the moment it was sent: the lease may be valid no longer than that. */
        private void renewed(LeaderElectionRecord record, Instant sentAt) {
            lastRecord = record;
            if (identity().equals(record.getHolderIdentity())) {
                lastRenewal.set(sentAt);
                problem = null;
            } else {
                lastRenewal.set(Instant.MIN);
            }
        }

        @Override
        public String identity() {
            return delegate.identity();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }

    /** The cause of a failed lease request, short: the API server's status or the connection error. */
    static String cause(RuntimeException e) {
        if (e instanceof KubernetesClientException k && !KubernetesActuator.unreachable(k)) {
            return "Kubernetes API error " + k.getCode() + ": " + KubernetesActuator.statusMessage(k);
        }
        String root = KubernetesActuator.rootMessage(e);
        return KubernetesActuator.unreachable(e) ? "Kubernetes API server unreachable: " + root : root;
    }
}
