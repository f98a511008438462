package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Optimistic-concurrency retry: an update that carries the resourceVersion of a fresh read fails with HTTP 409
 * when someone else wrote in between; the whole read-modify-write is then repeated with a new read.
 */
final class Conflicts {

    static final int HTTP_CONFLICT = 409;

    private Conflicts() {
    }

    /**
     * Runs {@code readModifyWrite} until it succeeds or fails with something other than a conflict.
     *
     * @param attempts        the most attempts, at least 1
     * @param readModifyWrite one attempt; must read the current object afresh each time
     * @return the attempt's result
     * @throws KubernetesClientException the last conflict when every attempt conflicted, or any other error at once
     */
    static <T> T retry(int attempts, Supplier<T> readModifyWrite) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        KubernetesClientException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return readModifyWrite.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HTTP_CONFLICT) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }
}
