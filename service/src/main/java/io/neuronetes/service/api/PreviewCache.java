package io.neuronetes.service.api;

import io.neuronetes.service.models.ServingModel;
import io.neuronetes.service.runs.PoolRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last serialized preview of each pool, reused for a short time so that many clients polling one pool (pages,
 * dashboards) cost one evaluation per interval instead of one per request.
 *
 * <p>A preview is reused only while everything it was computed from is unchanged: the same horizon, the same pool
 * document, the same pool state (every run makes a new one), the same override and the same serving model, and no
 * longer than {@code neuronetes.api.preview-reuse} after it was computed (never more than the live signals it read
 * are themselves reused). Its {@code at} field says when it was computed. One entry per pool, so the cache is
 * bounded by the number of pools. Thread-safe.
 */
final class PreviewCache {

    private record Entry(int steps, Instant at, Object pool, Object state, Object override, Object model,
            byte[] json) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration reuse;

    PreviewCache(Duration reuse) {
        this.reuse = reuse;
    }

    /** The stored preview of {@code rt} for {@code steps} if it may still be served at {@code now}; else null. */
    byte[] fresh(PoolRuntime rt, int steps, ServingModel model, Instant now) {
        if (reuse.isZero()) {
            return null;
        }
        Entry e = entries.get(rt.name());
        if (e == null || e.steps() != steps || now.isBefore(e.at()) || !now.isBefore(e.at().plus(reuse))
                || e.pool() != rt.entry() || e.state() != rt.state().orElse(null)
                || e.override() != rt.override().orElse(null) || e.model() != model) {
            return null;
        }
        return e.json();
    }

    /**
     * Stores a preview computed at {@code at} from the given pool document, state, override and model (read
     * before the computation, so that a change during it makes the entry stale rather than wrongly fresh).
     */
    void store(String pool, int steps, Instant at, Object entry, Object state, Object override, ServingModel model,
            byte[] json) {
        if (!reuse.isZero()) {
            entries.put(pool, new Entry(steps, at, entry, state, override, model, json));
        }
    }

    /** The number of pools with a stored preview. */
    int size() {
        return entries.size();
    }

    /** Drops the entries of pools that are no longer served. */
    void retain(java.util.function.Predicate<String> served) {
        entries.keySet().removeIf(served.negate());
    }
}
