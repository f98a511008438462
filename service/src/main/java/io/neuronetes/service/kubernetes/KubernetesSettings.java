package io.neuronetes.service.kubernetes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes settings, under the prefix {@code neuronetes.kubernetes}; documented in docs/kubernetes.md. They take
 * effect with {@code neuronetes.actuator.mode=kubernetes} (actuation, leader election) and
 * {@code neuronetes.kubernetes.watch-pools=true} (pool source). The API server connection itself is configured by
 * the {@code quarkus.kubernetes-client.*} keys (in a pod: its ServiceAccount, found automatically).
 */
@ConfigMapping(prefix = "neuronetes.kubernetes")
public interface KubernetesSettings {

    /** Read AgentPools, AgentClasses and ToolBindings from the cluster, beside the pools folder. */
    @WithName("watch-pools")
    @WithDefault("false")
    boolean watchPools();

    /** Namespaces whose resources are watched; unset for all namespaces (which needs the ClusterRole). */
    Optional<List<String>> namespaces();

    /** Period of the informers' full resync; 0 for none (watches deliver every change anyway). */
    @WithDefault("10m")
    Duration resync();

    /** How long start-up waits for the first listing of the resources before it goes on without them. */
    @WithName("initial-sync-timeout")
    @WithDefault("30s")
    Duration initialSyncTimeout();

    /** Read-modify-write attempts of the scale and status writes when they meet a conflict (HTTP 409). */
    @WithName("conflict-attempts")
    @WithDefault("5")
    int conflictAttempts();

    /** Leader election among the replicas of the service. */
    @WithName("leader-election")
    LeaderElection leaderElection();

    /** {@code neuronetes.kubernetes.leader-election.*} */
    interface LeaderElection {

        /** Elect one acting replica through a Lease; false only for a single replica. */
        @WithDefault("true")
        boolean enabled();

        /** Name of the Lease, shared by the replicas of one installation. */
        @WithName("lease-name")
        @WithDefault("neuronetes-scaler")
        String leaseName();

        /** Namespace of the Lease; unset: the client's namespace (a pod's own namespace). */
        @WithName("lease-namespace")
        Optional<String> leaseNamespace();

        /** This replica's identity on the Lease; unset: the host name (a pod's name). */
        Optional<String> identity();

        /** A lease not renewed for this long may be taken by another replica. */
        @WithName("lease-duration")
        @WithDefault("15s")
        Duration leaseDuration();

        /** The leader stops acting when it could not renew for this long; below lease-duration. */
        @WithName("renew-deadline")
        @WithDefault("10s")
        Duration renewDeadline();

        /** Interval between attempts to acquire or renew the lease; below renew-deadline. */
        @WithName("retry-period")
        @WithDefault("2s")
        Duration retryPeriod();
    }
}
