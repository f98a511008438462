package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuronetes.service.actuation.Actuator;
import io.neuronetes.service.config.ActuatorMode;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolSource;
import io.neuronetes.service.runs.OverrideStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;

/**
 * CDI wiring of the Kubernetes parts. Nothing here talks to the API server until it is used: in dry-run mode the
 * beans exist but stay idle. With {@code neuronetes.actuator.mode=kubernetes} leader election starts at start-up
 * (and {@code neuronetes_leader} is exported) and the lease is released at shutdown, so a standby takes over at
 * once.
 */
@ApplicationScoped
public class KubernetesWiring {

    private static final System.Logger LOG = System.getLogger(KubernetesWiring.class.getName());

    @Produces
    @Singleton
    Leadership leadership(KubernetesClient client, KubernetesSettings settings, Clock clock) {
        KubernetesSettings.LeaderElection e = settings.leaderElection();
        if (!e.enabled()) {
            return Leadership.always();
        }
        return new LeaseLeadership(client, leaseSettings(settings, client.getNamespace()), clock);
    }

    /** The Kubernetes actuator, chosen by {@code ActuatorSelection} when the mode is {@code kubernetes}. */
    @Produces
    @ApplicationScoped
    Actuator kubernetesActuator(KubernetesClient client, Leadership leadership, KubernetesSettings settings) {
        int attempts = settings.conflictAttempts();
        return new KubernetesActuator(leadership, new WorkloadScaler(client, leadership, attempts),
                new WarmPodLabeler(client, leadership), new PoolStatusWriter(client, leadership, attempts),
                new ScaleEventRecorder(client, leadership, identity(settings)));
    }

    /**
     * Where accepted overrides are kept: in Kubernetes mode the AgentPool's {@value NeuronetesApi#OVERRIDE_ANNOTATION}
     * annotation (for pools from the cluster), otherwise nowhere but the memory of the replica (dry-run writes
     * nothing to the cluster).
     */
    @Produces
    @ApplicationScoped
    OverrideStore overrideStore(KubernetesClient client, Leadership leadership, NeuronetesConfig config) {
        return config.actuator().mode() == ActuatorMode.KUBERNETES ? new AnnotationOverrideStore(client, leadership)
                : OverrideStore.memoryOnly();
    }

    /**
     * The cluster pool source, started by the service with the other {@link PoolSource} beans: it watches
     * AgentPools, AgentClasses and ToolBindings when {@code neuronetes.kubernetes.watch-pools} is true and
     * delivers nothing otherwise.
     */
    @Produces
    @ApplicationScoped
    PoolSource clusterPoolSource(KubernetesClient client, KubernetesSettings settings) {
        if (!settings.watchPools()) {
            return new DisabledSource();
        }
        return new ClusterPoolSource(client, settings.namespaces().orElse(List.of()), settings.resync(),
                settings.initialSyncTimeout());
    }

    /** The cluster source while {@code neuronetes.kubernetes.watch-pools} is false: no documents, no API calls. */
    static final class DisabledSource implements PoolSource {
        @Override
        public String name() {
            return "kubernetes (off: neuronetes.kubernetes.watch-pools=false)";
        }

        @Override
        public void start(io.neuronetes.service.pools.PoolListener listener) {
            // nothing to deliver
        }

        @Override
        public void close() {
            // nothing to stop
        }
    }

    /** In kubernetes mode: exports {@code neuronetes_leader} and starts contending for the lease. */
    void start(@Observes StartupEvent event, NeuronetesConfig config, Leadership leadership, ScalerMetrics metrics) {
        if (config.actuator().mode() != ActuatorMode.KUBERNETES) {
            return;
        }
        metrics.leadership(leadership::isLeader);
        if (leadership instanceof LeaseLeadership lease) {
            LOG.log(Level.INFO, "leader election as " + lease.identity());
            lease.start();
        }
    }

    void stop(@Observes ShutdownEvent event, Leadership leadership) {
        if (leadership instanceof LeaseLeadership lease) {
            lease.close();
        }
    }

    static LeaseSettings leaseSettings(KubernetesSettings settings, String clientNamespace) {
        KubernetesSettings.LeaderElection e = settings.leaderElection();
        String namespace = e.leaseNamespace().orElse(clientNamespace != null ? clientNamespace : "default");
        return new LeaseSettings(namespace, e.leaseName(), identity(settings), e.leaseDuration(), e.renewDeadline(),
                e.retryPeriod());
    }

    static String identity(KubernetesSettings settings) {
        return settings.leaderElection().identity().orElseGet(() -> {
            String host = System.getenv("HOSTNAME");
            if (host != null && !host.isBlank()) {
                return host;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException ex) {
                return "neuronetes-" + ProcessHandle.current().pid();
            }
        });
    }
}
