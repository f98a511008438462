package io.neuronetes.service.pools;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The pools of a YAML resource bundled in the jar: the embedded default's example pool. Delivered once at
 * {@link #start}; they never change. See {@link PoolSource} for the contract.
 */
public final class BundledPoolSource implements PoolSource {

    private final String resource;

    /** @param resource a classpath resource name, such as {@code demo/agentpool.yaml} */
    public BundledPoolSource(String resource) {
        this.resource = resource;
    }

    @Override
    public String name() {
        return "bundled:" + resource;
    }

    @Override
    public void start(PoolListener listener) {
        PoolOrigin origin = PoolOrigin.bundled(resource);
        byte[] bytes;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                listener.unreadable(origin, "resource not found in the jar");
                return;
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            listener.unreadable(origin, "cannot read: " + e.getMessage());
            return;
        }
        YamlDocuments.Result r = YamlDocuments.read(bytes);
        if (r.error() != null) {
            listener.unreadable(origin, r.error());
            return;
        }
        int i = 0;
        for (Map<String, Object> tree : r.documents()) {
            PoolOrigin o = r.documents().size() == 1 ? origin : PoolOrigin.bundled(resource + "#" + (++i));
            listener.added(new PoolDocument(o, tree, YamlDocuments.revision(tree)));
        }
    }

    @Override
    public void close() {
        // Nothing to stop.
    }
}
