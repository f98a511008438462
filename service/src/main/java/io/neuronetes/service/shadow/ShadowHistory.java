package io.neuronetes.service.shadow;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads the history a shadow replay needs: the pool's forecast metric from its metrics source, on the grid of
 * {@code step}, from {@link ShadowReplay#historyStart} to the step containing {@code now}.
 *
 * @param source the pool's metrics source (Prometheus or the demo replay)
 * @param step   the grid step ({@code neuronetes.prometheus.step})
 */
public record ShadowHistory(MetricsSource source, Duration step) {

    /** The metrics source failed (unreachable, timed out, invalid answer): worth retrying later. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * The history of {@code pool}'s forecast metric for a replay of {@code days} days.
     *
     * @throws ShadowException when the pool has no additive metric or the source has no sample in the range
     * @throws Unavailable     when the source cannot answer
     */
    public TimeSeries read(AgentPool pool, int days, Instant now) {
        MetricSpec metric = ShadowReplay.loadMetric(pool);
        Instant end = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), step.toMillis()) * step.toMillis());
        Instant start = ShadowReplay.historyStart(now, days, pool);
        MetricRef ref = MetricRef.of(pool.name(), pool.namespace(), metric.type().yamlName());
        MetricOutcome<TimeSeries> o = source.range(ref, start, end, step);
        return switch (o.kind()) {
            case VALUE -> o.value();
            case EMPTY -> throw new ShadowException("no history of " + ref.type() + " for " + pool.name() + " from "
                    + start + " to " + end + ": " + o.message());
            // A transport failure names its server already (PrometheusHttp); say it once.
            default -> throw new Unavailable("the history of " + ref.type() + " could not be read"
                    + (o.message().contains(source.name()) ? "" : " from " + source.name()) + ": " + o.message());
        };
    }
}
