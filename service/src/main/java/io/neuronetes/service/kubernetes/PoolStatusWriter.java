package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Writes an AgentPool's {@code status} through its status subresource.
 *
 * <p>Each attempt reads the pool afresh and replaces its status with a PUT carrying the read's resourceVersion,
 * so a concurrent change makes it fail with 409 and it is repeated on a new read, at most {@code attempts}
 * times. A status equal to the stored one is not written. A pool deleted in the meantime is not an error: there is
 * nothing left to report on.
 *
 * <p>{@code observedGeneration} is the generation of the spec the pool runs at, which the caller passes: while a
 * newer spec is refused as invalid, that is the last valid one, not the resource's {@code metadata.generation}.
 * With it the caller may pass that spec, stored as {@code servedSpec} and {@code servedGeneration} so that a
 * replica started while a newer spec is refused serves it ({@code ClusterPoolSource} reads them).
 */
public final class PoolStatusWriter {

    private final KubernetesClient client;
    private final Leadership leadership;
    private final int attempts;

    public PoolStatusWriter(KubernetesClient client, Leadership leadership, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        this.client = client;
        this.leadership = leadership;
        this.attempts = attempts;
    }

    /** An AgentPool as stored: its uid and its status (empty when it has none). */
    public record Stored(String uid, Map<String, Object> status) {
    }

    /**
     * Reads AgentPool {@code namespace/name} from the API server (not from an informer's cache).
     *
     * @return its uid and status, or null when it does not exist
     * @throws KubernetesClientException on API errors
     */
    @SuppressWarnings("unchecked")
    public Stored read(String namespace, String name) {
        GenericKubernetesResource pool = client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS)
                .inNamespace(namespace).withName(name).get();
        if (pool == null) {
            return null;
        }
        return new Stored(pool.getMetadata().getUid(), pool.get("status") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of());
    }

    /**
     * Replaces the status of AgentPool {@code namespace/name}.
     *
     * @param generation the generation of the spec the pool runs at; null for the resource's current one
     * @param servedSpec that spec, stored with {@code generation}; null keeps the stored one (and so does a null
     *                   {@code generation})
     * @return the pool's uid (for Events about it), or null when the pool no longer exists
     * @throws Leadership.NotLeaderException when this replica does not lead at the moment of the write
     * @throws KubernetesClientException      on API errors, and on conflicts that outlast the attempts
     */
    public String write(String namespace, String name, Long generation, Map<String, Object> servedSpec,
            PoolStatus status, Instant now) {
        Map<String, Object> spec = generation == null ? null : servedSpec;
        return write(namespace, name, generation, (previous, observed) -> status.toTree(previous, observed, spec,
                now));
    }

    /**
     * Records a failed run on AgentPool {@code namespace/name}: its decision and conditions replace the stored
     * ones, every observed figure of the stored status stays (see {@link PoolStatus#failureTree}).
     *
     * @param generation the generation of the spec the pool runs at; null for the resource's current one
     * @param servedSpec that spec, as for {@link #write(String, String, Long, Map, PoolStatus, Instant)}
     * @return the pool's uid (for Events about it), or null when the pool no longer exists
     * @throws Leadership.NotLeaderException when this replica does not lead at the moment of the write
     * @throws KubernetesClientException      on API errors, and on conflicts that outlast the attempts
     */
    public String writeFailure(String namespace, String name, Long generation, Map<String, Object> servedSpec,
            int desiredReplicas, List<PoolStatus.Condition> conditions, List<PoolStatus.Reason> reasons,
            Instant now) {
        Map<String, Object> spec = generation == null ? null : servedSpec;
        return write(namespace, name, generation, (previous, observed) -> PoolStatus.failureTree(previous, observed,
                spec, desiredReplicas, conditions, reasons, now));
    }

    /**
     * Records on AgentPool {@code namespace/name} that it is not served: {@code conditions} replace the stored ones,
     * {@code observedGeneration} is the resource's generation (the one refused), and the claims of past runs go
     * (see {@link PoolStatus#notServedTree}).
     *
     * @return the pool's uid, or null when the pool no longer exists
     * @throws Leadership.NotLeaderException when this replica does not lead at the moment of the write
     * @throws KubernetesClientException      on API errors, and on conflicts that outlast the attempts
     */
    public String writeNotServed(String namespace, String name, List<PoolStatus.Condition> conditions, Instant now) {
        return write(namespace, name, null, (previous, observed) -> PoolStatus.notServedTree(previous, observed,
                conditions, now));
    }

    private String write(String namespace, String name, Long generation,
            BiFunction<Map<String, Object>, Long, Map<String, Object>> status) {
        return Conflicts.retry(attempts, () -> {
            var resource = client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(namespace)
                    .withName(name);
            GenericKubernetesResource pool = resource.get();
            if (pool == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> previous = pool.get("status") instanceof Map<?, ?> m ? (Map<String, Object>) m
                    : null;
            Map<String, Object> tree = status.apply(previous,
                    generation != null ? generation : pool.getMetadata().getGeneration());
            // Compared in JSON terms (numbers as the API server returns them): a steady pool writes nothing.
            var json = client.getKubernetesSerialization();
            if (json.unmarshal(json.asJson(tree), Map.class).equals(previous)) {
                return pool.getMetadata().getUid();
            }
            pool.setAdditionalProperty("status", tree);
            leadership.require("write status of AgentPool " + namespace + "/" + name);
            try {
                client.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace(namespace).resource(pool)
                        .updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return null;
                }
                throw e;
            }
            return pool.getMetadata().getUid();
        });
    }
}
