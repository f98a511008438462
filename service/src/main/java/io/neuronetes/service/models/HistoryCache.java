package io.neuronetes.service.models;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The recent history of one pool metric on the forecast grid, kept in memory so that a run fetches only the steps
 * since its last run instead of the week of lags a forecast reads. Each update re-reads a short overlap (samples
 * arrive late) and keeps {@code keep} of history. A failed update keeps what is cached and reports why. Not
 * thread-safe: one pool's runs never overlap, and the preview copies under the lock of its caller.
 */
public final class HistoryCache {

    /** Steps re-read before the cached end on every update, for samples that arrived late. */
    static final int OVERLAP_STEPS = 5;

    private final MetricRef metric;
    private final Duration step;
    private final Duration keep;
    private TimeSeries cached;

    /**
     * @param step the forecast grid step
     * @param keep how much history to keep (the lags' reach plus the horizon)
     */
    public HistoryCache(MetricRef metric, Duration step, Duration keep) {
        this.metric = metric;
        this.step = step;
        this.keep = keep;
    }

    /** The grid time of the last complete step at {@code now}: the forecast origin. */
    public Instant origin(Instant now) {
        long s = step.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), s) * s - s);
    }

    /** Replaces the cache with {@code series} (for example the history a training just read). */
    public synchronized void seed(TimeSeries series) {
        cached = trim(series, series.end());
    }

    /**
     * Brings the cache up to {@code origin} (inclusive).
     *
     * @return the cached series ending at {@code origin}, or the reason it could not be read; a failed read with
     *     something cached returns the cache as it is, with a message, via {@link Update}
     */
    public synchronized Update update(MetricsSource source, Instant origin) {
        Instant end = origin.plus(step);
        Instant from = cached == null ? end.minus(keep)
                : max(end.minus(keep), cached.end().minus(step.multipliedBy(OVERLAP_STEPS)));
        if (!from.isBefore(end)) {
            return new Update(cached, "");
        }
        MetricOutcome<TimeSeries> r = source.range(metric, from, end, step);
        if (r.kind() == MetricOutcome.Kind.EMPTY) {
            // No sample in the new part: gaps, not an error (the range may simply be quiet).
            cached = merge(cached, emptyFrom(from, end), end);
            return new Update(cached, "");
        }
        if (!r.hasValue()) {
            return new Update(cached, r.message());
        }
        cached = merge(cached, r.value(), end);
        return new Update(cached, "");
    }

    /** The last {@code steps} cached values, if anything is cached. */
    public synchronized java.util.Optional<TimeSeries> tail(int steps) {
        if (cached == null) {
            return java.util.Optional.empty();
        }
        int from = Math.max(0, cached.size() - steps);
        return java.util.Optional.of(cached.slice(from, cached.size()));
    }

    /** The result of an update: the series (null if nothing was ever read) and a failure message or empty. */
    public record Update(TimeSeries series, String failure) {
        public boolean failed() {
            return !failure.isEmpty();
        }
    }

    private TimeSeries emptyFrom(Instant from, Instant end) {
        int n = (int) (Duration.between(from, end).toMillis() / step.toMillis());
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return TimeSeries.of(from, step, v);
    }

    /** {@code fresh} laid over {@code old} (fresh values win where they are not gaps), ending at {@code end}. */
    private TimeSeries merge(TimeSeries old, TimeSeries fresh, Instant end) {
        Instant start = end.minus(keep);
        if (old != null && old.start().isAfter(start)) {
            start = old.start();
        }
        if (old == null && fresh.start().isAfter(start)) {
            start = fresh.start();
        }
        int n = (int) (Duration.between(start, end).toMillis() / step.toMillis());
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        TimeSeries base = TimeSeries.of(start, step, v);
        copyInto(old, base, v);
        copyInto(fresh, base, v);
        return TimeSeries.of(start, step, v);
    }

    private static void copyInto(TimeSeries src, TimeSeries grid, double[] into) {
        if (src == null) {
            return;
        }
        int offset;
        try {
            offset = grid.indexOf(src.start());
        } catch (IllegalArgumentException offGrid) {
            return; // A series on another grid (the step changed): dropped, the next update refills the gap.
        }
        int from = Math.max(0, -offset);
        int to = Math.min(src.size(), into.length - offset);
        for (int i = from; i < to; i++) {
            double x = src.value(i);
            if (!Double.isNaN(x)) {
                into[offset + i] = x;
            }
        }
    }

    private TimeSeries trim(TimeSeries s, Instant end) {
        return merge(null, s, end);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
