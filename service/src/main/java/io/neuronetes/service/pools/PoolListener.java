package io.neuronetes.service.pools;

/**
 * Receives what a {@link PoolSource} sees. Calls for one origin arrive in the order the source saw the changes;
 * calls may come from the source's own thread. Implementations must not throw: a listener that fails on one
 * document must keep accepting the others (the registry reports the failure as the pool's status).
 */
public interface PoolListener {

    /** A document appeared at an origin that had none (or only an unreadable one). */
    void added(PoolDocument document);

    /** The document at an origin changed (its revision differs from the last one delivered). */
    void changed(PoolDocument document);

    /** The document at this origin is gone: the file was removed or the resource deleted. */
    void deleted(PoolOrigin origin);

    /**
     * The origin exists but could not be read into a tree (unreadable file, malformed YAML, not a mapping).
     * The registry reports it like an invalid spec and keeps serving the last valid version it had from this
     * origin, if any, until the origin delivers a valid document or is deleted.
     *
     * @param reason what is wrong and where (for YAML: line and column)
     */
    void unreadable(PoolOrigin origin, String reason);
}
