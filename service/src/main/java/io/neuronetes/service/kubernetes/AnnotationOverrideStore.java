package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.pools.PoolOrigin;
import io.neuronetes.service.runs.ManualOverride;
import io.neuronetes.service.runs.OverrideStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a pool's manual override in its AgentPool's {@value NeuronetesApi#OVERRIDE_ANNOTATION} annotation
 * ({@link OverrideAnnotation}), in Kubernetes mode. The annotation reaches every replica through the pool source's
 * informer ({@link PoolEntry#storedOverride()}), so a standby that takes over, or a replica that restarts, holds
 * the override too.
 *
 * <p>{@link #save} writes the annotation and {@link #remove} removes it with a JSON merge patch of the pool's
 * metadata (no read first, nothing else of the resource touched, so it cannot conflict with the status writes),
 * after checking that this replica leads; {@link #removeIfUnchanged} removes it with a JSON patch that first tests
 * its value. {@link #read} reads it from the API server, for the check of an override in force that the informer
 * has not shown (yet). Pools from files have no AgentPool: their overrides are kept in memory only, as outside Kubernetes
 * mode.
 */
public final class AnnotationOverrideStore implements OverrideStore {

    private final KubernetesClient client;
    private final Leadership leadership;

    public AnnotationOverrideStore(KubernetesClient client, Leadership leadership) {
        this.client = Objects.requireNonNull(client, "client");
        this.leadership = Objects.requireNonNull(leadership, "leadership");
    }

    /**
     * Writes the annotation of the pool's AgentPool.
     *
     * @throws NotStoredException when this replica does not lead ({@code standingBy}), the AgentPool is gone, or
     *                            the API server refuses or cannot be reached
     */
    @Override
    public void save(PoolEntry pool, ManualOverride override) {
        patch(pool, PatchType.JSON_MERGE, OverrideAnnotation.patch(override), Change.WRITE);
    }

    /**
     * Removes the annotation of the pool's AgentPool, whatever it holds (a JSON merge patch with null).
     *
     * @throws NotStoredException as {@link #save}
     */
    @Override
    public void remove(PoolEntry pool) {
        patch(pool, PatchType.JSON_MERGE, OverrideAnnotation.removal(), Change.REMOVE);
    }

    /**
     * Removes the annotation only while it holds the value the entry carries (a JSON patch that tests it first, so
     * that an override written since, by this replica or by hand, stays).
     *
     * @throws NotStoredException as {@link #save}
     */
    @Override
    public boolean removeIfUnchanged(PoolEntry pool) {
        if (!fromCluster(pool) || pool.storedOverride().isEmpty()) {
            return false;
        }
        return patch(pool, PatchType.JSON, OverrideAnnotation.removalIf(pool.storedOverride().get()),
                Change.REMOVE);
    }

    /**
     * Patches the pool's AgentPool with {@code body}, after checking that this replica leads. Patching through a
     * named stub sends the patch alone; patching by name would read the pool first.
     *
     * @param change what the patch does to the annotation, for the messages
     * @return false when a JSON patch's test failed (422: the annotation differs); true once patched, and for a pool
     *         from a file, which has no AgentPool (memory only)
     */
    private boolean patch(PoolEntry pool, PatchType type, String body, Change change) {
        if (!fromCluster(pool)) {
            return true; // a pool from a file has no AgentPool to keep it on: memory only
        }
        String namespace = pool.pool().namespace();
        String name = pool.name();
        String where = source(namespace, name);
        try {
            leadership.require(change.verb + " " + where);
        } catch (Leadership.NotLeaderException e) {
            throw new NotStoredException(true, e.status().message());
        }
        GenericKubernetesResource stub = new GenericKubernetesResourceBuilder()
                .withApiVersion(NeuronetesApi.API_VERSION).withKind(NeuronetesApi.AGENT_POOLS.getKind())
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build();
        try {
            client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(namespace).resource(stub)
                    .patch(PatchContext.of(type), body);
            return true;
        } catch (KubernetesClientException e) {
            if (type == PatchType.JSON && e.getCode() == 422) {
                return false;
            }
            throw new NotStoredException(false, where + " could not be " + change.done + ": "
                    + describe(namespace, name, e));
        }
    }

    @Override
    public Stored stored(PoolEntry pool) {
        return fromCluster(pool) ? stored(pool, pool.storedOverride().orElse(null)) : Stored.NONE;
    }

    /**
     * Reads the annotation with a GET of the AgentPool from the API server (not the informer's cache, which may be
     * behind); on any replica, leading or not. An AgentPool that is gone holds none.
     *
     * @return empty for a pool from a file (memory only)
     * @throws NotReadException when the API server refuses or cannot be reached
     */
    @Override
    public Optional<Stored> read(PoolEntry pool) {
        if (!fromCluster(pool)) {
            return Optional.empty();
        }
        String namespace = pool.pool().namespace();
        String name = pool.name();
        GenericKubernetesResource live;
        try {
            live = client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(namespace).withName(name)
                    .get();
        } catch (KubernetesClientException e) {
            throw new NotReadException(source(namespace, name) + " could not be read: " + describe(namespace, name,
                    e));
        }
        String value = live == null ? null : ClusterPoolSource.storedOverride(live).orElse(null);
        return Optional.of(value == null ? new Stored(Optional.empty(), Optional.empty(), source(namespace, name))
                : stored(pool, value));
    }

    private static Stored stored(PoolEntry pool, String value) {
        if (value == null) {
            return Stored.NONE;
        }
        String source = source(pool.pool().namespace(), pool.name());
        try {
            return Stored.of(OverrideAnnotation.read(value), source);
        } catch (IllegalArgumentException e) {
            return Stored.invalid(source + " ignored: " + e.getMessage(), source);
        }
    }

    /** What a patch does to the annotation, as the messages say it. */
    private enum Change {
        WRITE("write", "written"), REMOVE("remove", "removed");

        final String verb;
        final String done;

        Change(String verb, String done) {
            this.verb = verb;
            this.done = done;
        }
    }

    private static boolean fromCluster(PoolEntry pool) {
        return pool.origin().kind() == PoolOrigin.Kind.KUBERNETES;
    }

    static String source(String namespace, String name) {
        return "annotation " + NeuronetesApi.OVERRIDE_ANNOTATION + " of AgentPool " + namespace + "/" + name;
    }

    private static String describe(String namespace, String name, KubernetesClientException e) {
        if (KubernetesActuator.unreachable(e)) {
            return "Kubernetes API server unreachable: " + KubernetesActuator.rootMessage(e);
        }
        if (e.getCode() == 404) {
            return "AgentPool " + namespace + "/" + name + " not found";
        }
        return "Kubernetes API error " + e.getCode() + ": " + KubernetesActuator.statusMessage(e);
    }
}
