package io.neuronetes.service.metrics;

import io.neuronetes.forecast.TimeSeries;
import java.time.Duration;
import java.time.Instant;

/**
 * The embedded default's metrics: one metric of one pool replays a bundled trace, repeated with the trace's length
 * as period on the real calendar (grid time t takes the trace's value at index {@code (t - traceStart) / step}
 * modulo its size). With a trace whose length is a whole number of weeks, each replayed minute keeps the weekday
 * and time of day it had in the trace. Every other metric is {@code EMPTY}. See {@link MetricsSource}.
 */
public final class ReplayMetricsSource implements MetricsSource {

    private final String name;
    private final String pool;
    private final String type;
    private final TimeSeries trace;
    private final long stepMs;

    /**
     * @param name  for logs, such as {@code replay:demo/nasa-http-14d.csv}
     * @param pool  the pool whose metric is replayed
     * @param type  the metric type replayed
     * @param trace the values; gaps (NaN) stay gaps
     */
    public ReplayMetricsSource(String name, String pool, String type, TimeSeries trace) {
        this.name = name;
        this.pool = pool;
        this.type = type;
        this.trace = trace;
        this.stepMs = trace.step().toMillis();
    }

    @Override
    public String name() {
        return name;
    }

    /** The replayed value of the step containing {@code t}. */
    public double valueAt(Instant t) {
        long k = Math.floorDiv(t.toEpochMilli() - trace.start().toEpochMilli(), stepMs);
        return trace.value((int) Math.floorMod(k, (long) trace.size()));
    }

    @Override
    public MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at) {
        if (!serves(metric)) {
            return MetricOutcome.empty(metric + ": not in the replayed trace (" + name + ")");
        }
        // Same samples as Prometheus's avg_over_time: grid times in (at - window, at].
        long last = Math.floorDiv(at.toEpochMilli(), stepMs) * stepMs;
        double sum = 0;
        int n = 0;
        for (long t = last; t > at.toEpochMilli() - window.toMillis(); t -= stepMs) {
            double v = valueAt(Instant.ofEpochMilli(t));
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? MetricOutcome.empty(metric + ": no sample in the window") : MetricOutcome.value(sum / n);
    }

    @Override
    public MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration step) {
        if (!end.isAfter(start) || step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("need start < end and a positive step");
        }
        if (!serves(metric)) {
            return MetricOutcome.empty(metric + ": not in the replayed trace (" + name + ")");
        }
        int n = Math.toIntExact((Duration.between(start, end).toMillis() + step.toMillis() - 1) / step.toMillis());
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = valueAt(start.plus(step.multipliedBy(i)));
        }
        return MetricOutcome.value(TimeSeries.of(start, step, v));
    }

    private boolean serves(MetricRef metric) {
        return metric.pool().equals(pool) && metric.type().equals(type) && metric.query().isEmpty();
    }
}
