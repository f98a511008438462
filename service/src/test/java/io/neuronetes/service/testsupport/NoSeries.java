package io.neuronetes.service.testsupport;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import java.time.Duration;
import java.time.Instant;

/** A metrics source with no series at all: every instant and range query is empty. */
public final class NoSeries implements MetricsSource {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at) {
        return MetricOutcome.empty("no series");
    }

    @Override
    public MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration step) {
        return MetricOutcome.empty("no series");
    }
}
