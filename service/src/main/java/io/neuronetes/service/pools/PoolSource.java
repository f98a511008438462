package io.neuronetes.service.pools;

/**
 * A source of AgentPool documents: a folder of YAML files, the AgentPool custom resources of a cluster, or the
 * bundled example. One class per source (KEDA's scaler pattern); the {@code PoolRegistry} validates what every
 * source delivers with the scheduler's parser, so one invalid document never stops the other pools.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #start} delivers every document present at that moment through {@link PoolListener#added} (or
 *   {@link PoolListener#unreadable}) before it returns, then keeps delivering changes until {@link #close};</li>
 *   <li>a source never validates specs and never throws for a bad document: it reports it as unreadable;</li>
 *   <li>a failure of the source itself (folder missing, API server unreachable) is logged and retried by the
 *   source; pools already delivered stay as they are until the source sees them change or disappear;</li>
 *   <li>{@link #close} stops delivery; no listener call starts after it returns.</li>
 * </ul>
 */
public interface PoolSource extends AutoCloseable {

    /** A short name for logs and status, such as {@code files:/etc/neuronetes/pools} or {@code kubernetes}. */
    String name();

    /**
     * Delivers the current documents to {@code listener}, then watches for changes.
     *
     * @throws IllegalStateException if the source was already started
     */
    void start(PoolListener listener);

    /** Stops watching. Idempotent. */
    @Override
    void close();
}
