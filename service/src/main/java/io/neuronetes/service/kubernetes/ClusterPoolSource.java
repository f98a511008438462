package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.neuronetes.service.pools.PoolDocument;
import io.neuronetes.service.pools.PoolListener;
import io.neuronetes.service.pools.PoolOrigin;
import io.neuronetes.service.pools.PoolSource;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pool documents from the custom resources of a cluster: AgentPools, and the AgentClasses and ToolBindings that
 * pools refer to, watched with fabric8 informers (per kind: one informer for all namespaces, or one per configured
 * namespace). Adding, changing and deleting a resource reaches the listener without a restart. AgentPool origins
 * are {@code namespace/name}; AgentClass and ToolBinding origins {@code namespace/Kind/name}, so that resources
 * of different kinds with one name stay apart.
 *
 * <p>Each resource is handed over as the tree {@code apiVersion}, {@code kind}, {@code metadata.name},
 * {@code metadata.namespace} and {@code spec} (status and other metadata left out, so the scaler's own status
 * writes and resyncs deliver nothing); its revision is the resource's {@code metadata.generation}, which the API
 * server bumps on every spec change. An AgentPool's {@value NeuronetesApi#OVERRIDE_ANNOTATION} annotation goes
 * with it as the document's stored override, unparsed; a change of that annotation alone is delivered too. So does
 * the spec the scaler last accepted, which it stores in the status ({@code status.servedSpec} at
 * {@code status.servedGeneration}), as the document's last accepted version (the resource's tree with that spec),
 * unvalidated; a change of it is delivered too, other status changes are not.
 * {@link #start} waits for the informers' first listing, at most {@code initialSyncTimeout}; when the API server
 * cannot be reached it logs that and returns, and the informers keep retrying in the background.
 */
public final class ClusterPoolSource implements PoolSource {

    private static final System.Logger LOG = System.getLogger(ClusterPoolSource.class.getName());

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final Duration resync;
    private final Duration initialSyncTimeout;
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param namespaces         namespaces to watch; empty for all namespaces
     * @param resync             period of the informers' full resync (0 for none)
     * @param initialSyncTimeout how long {@link #start} waits for the first listing
     */
    public ClusterPoolSource(KubernetesClient client, List<String> namespaces, Duration resync,
            Duration initialSyncTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespaces = List.copyOf(namespaces);
        this.resync = resync;
        this.initialSyncTimeout = initialSyncTimeout;
    }

    @Override
    public String name() {
        return namespaces.isEmpty() ? "kubernetes" : "kubernetes:" + String.join(",", namespaces);
    }

    @Override
    public synchronized void start(PoolListener listener) {
        if (!informers.isEmpty() || closed) {
            throw new IllegalStateException("source " + name() + " was already started");
        }
        Objects.requireNonNull(listener, "listener");
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        // Classes and bindings first, so that pools referring to them resolve when they arrive.
        for (ResourceDefinitionContext kind : List.of(NeuronetesApi.AGENT_CLASSES, NeuronetesApi.TOOL_BINDINGS,
                NeuronetesApi.AGENT_POOLS)) {
            var resources = client.genericKubernetesResources(kind);
            for (String ns : namespaces.isEmpty() ? List.of("") : namespaces) {
                SharedIndexInformer<GenericKubernetesResource> informer = ns.isEmpty()
                        ? resources.inAnyNamespace().runnableInformer(resync.toMillis())
                        : resources.inNamespace(ns).runnableInformer(resync.toMillis());
                informer.addEventHandler(new Handler(listener));
                informer.exceptionHandler((started, error) -> {
                    LOG.log(Level.WARNING, kind.getKind() + " watch " + name() + " failed (retrying): "
                            + error.getMessage());
                    return true;
                });
                informers.add(informer);
                synced.add(informer.start().toCompletableFuture());
            }
        }
        awaitSync(CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)));
    }

    private void awaitSync(CompletableFuture<Void> synced) {
        try {
            synced.get(initialSyncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "AgentPools, AgentClasses and ToolBindings (" + name() + ") not listed within " + initialSyncTimeout
                    + "; the informers keep retrying and deliver pools once the API server answers");
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "AgentPools (" + name() + ") could not be listed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::close);
    }

    /**
     * The document tree of a resource: apiVersion, kind, metadata name and namespace, and spec. The
     * result is a fresh tree, not shared with the informer's cache.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> tree(GenericKubernetesResource resource) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", resource.getApiVersion());
        doc.put("kind", resource.getKind());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", resource.getMetadata().getName());
        metadata.put("namespace", resource.getMetadata().getNamespace());
        doc.put("metadata", metadata);
        Object spec = resource.getAdditionalProperties().get("spec");
        if (spec != null) {
            // Deep copy through the serializer: the informer's cached object must never reach (or be mutated by)
            // the registry.
            doc.put("spec", client.getKubernetesSerialization().convertValue(spec, Object.class));
        }
        return doc;
    }

    static String revision(GenericKubernetesResource resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation != null ? "generation " + generation
                : "resourceVersion " + resource.getMetadata().getResourceVersion();
    }

    /**
     * The last accepted version of an AgentPool as the scaler stored it in its status: the resource's tree with
     * {@code status.servedSpec} as its spec, at revision {@code generation N} of {@code status.servedGeneration}.
     * Empty for other kinds, and when the status holds no spec or no whole generation beside it.
     */
    PoolDocument.Version lastAccepted(GenericKubernetesResource resource) {
        if (!NeuronetesApi.AGENT_POOLS.getKind().equals(resource.getKind())
                || !(resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
                || !(status.get("servedSpec") instanceof Map<?, ?> spec)
                || !(status.get("servedGeneration") instanceof Number generation)
                || generation.longValue() != generation.doubleValue()) {
            return null;
        }
        Map<String, Object> tree = tree(resource);
        tree.put("spec", client.getKubernetesSerialization().convertValue(spec, Object.class));
        return new PoolDocument.Version("generation " + generation.longValue(), tree);
    }

    /**
     * The generation a revision of {@link #revision} names ({@code generation N}); null for any other revision (a
     * resourceVersion, a file's content hash, none).
     */
    static Long generation(String revision) {
        String prefix = "generation ";
        if (!revision.startsWith(prefix)) {
            return null;
        }
        try {
            return Long.valueOf(revision.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An AgentPool's {@value NeuronetesApi#OVERRIDE_ANNOTATION} annotation; empty for other kinds. */
    static Optional<String> storedOverride(GenericKubernetesResource resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        if (annotations == null || !NeuronetesApi.AGENT_POOLS.getKind().equals(resource.getKind())) {
            return Optional.empty();
        }
        return Optional.ofNullable(annotations.get(NeuronetesApi.OVERRIDE_ANNOTATION));
    }

    static PoolOrigin origin(GenericKubernetesResource resource) {
        String ns = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        return NeuronetesApi.AGENT_POOLS.getKind().equals(resource.getKind()) ? PoolOrigin.resource(ns, name)
                : new PoolOrigin(PoolOrigin.Kind.KUBERNETES, ns + "/" + resource.getKind() + "/" + name);
    }

    /** Forwards informer events; never lets a listener failure reach the informer. */
    private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
        private final PoolListener listener;

        Handler(PoolListener listener) {
            this.listener = listener;
        }

        @Override
        public void onAdd(GenericKubernetesResource resource) {
            deliver(resource, () -> listener.added(new PoolDocument(origin(resource), tree(resource),
                    revision(resource), storedOverride(resource), Optional.ofNullable(lastAccepted(resource)))));
        }

        @Override
        public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource resource) {
            Map<String, Object> tree = tree(resource);
            Optional<String> override = storedOverride(resource);
            Optional<PoolDocument.Version> accepted = Optional.ofNullable(lastAccepted(resource));
            if (tree.equals(tree(old)) && override.equals(storedOverride(old))
                    && accepted.equals(Optional.ofNullable(lastAccepted(old)))) {
                return; // another status write, metadata change or a resync: the pool is unchanged
            }
            deliver(resource, () -> listener.changed(new PoolDocument(origin(resource), tree, revision(resource),
                    override, accepted)));
        }

        @Override
        public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
            deliver(resource, () -> listener.deleted(origin(resource)));
        }

        private void deliver(GenericKubernetesResource resource, Runnable call) {
            if (closed) {
                return;
            }
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "pool listener failed on " + origin(resource) + ": " + e, e);
            }
        }
    }
}
