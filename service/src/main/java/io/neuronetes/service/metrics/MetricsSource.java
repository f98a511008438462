package io.neuronetes.service.metrics;

import io.neuronetes.forecast.TimeSeries;
import java.time.Duration;
import java.time.Instant;

/**
 * Where pool metrics come from: a Prometheus server ({@code PrometheusMetricsSource}) or the bundled trace replay of
 * the embedded default ({@code ReplayMetricsSource}). One class per source.
 *
 * <p>Contract:
 * <ul>
 *   <li>never throws for an expected failure: every method returns a {@link MetricOutcome} whose kind says what
 *   happened ({@code VALUE}, {@code EMPTY}, {@code INVALID} for NaN/Inf or several series, {@code ERROR} for
 *   non-2xx, timeouts and an unreachable server), with a message naming the metric and the cause;</li>
 *   <li>every call returns within the configured timeout times the number of attempts (plus backoff);</li>
 *   <li>thread-safe: runs of different pools call it concurrently;</li>
 *   <li>time comes from the caller ({@code at}, {@code start}, {@code end}); a source has no clock of its own.</li>
 * </ul>
 */
public interface MetricsSource {

    /** A short name for logs and status: the Prometheus URL (without credentials) or {@code replay:<trace>}. */
    String name();

    /**
     * The live value of {@code metric} at {@code at}, averaged over {@code window} (the metric's
     * {@code averagingWindow}; for Prometheus, {@code avg_over_time} over the window ending at {@code at}).
     * A finite value of exactly one series is a {@code VALUE}; NaN or infinite values are {@code INVALID}.
     */
    MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at);

    /**
     * The history of {@code metric} on the grid {@code start, start + step, ...} before {@code end}: one value per
     * step (the value at grid time t is the value of the step {@code [t, t + step)}), gaps as NaN. A range with no
     * sample at all is {@code EMPTY}; several series are {@code INVALID}. NaN/Inf samples become gaps. Long ranges are
     * fetched in chunks below the server's points-per-series limit.
     *
     * @throws IllegalArgumentException if {@code end} is not after {@code start} or {@code step} is not positive
     */
    MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration step);
}
