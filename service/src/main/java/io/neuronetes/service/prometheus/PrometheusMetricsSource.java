package io.neuronetes.service.prometheus;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.metrics.SentQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pool metrics from a Prometheus server. Live values are instant queries averaged over the metric's window
 * ({@link QueryTemplates#averaged}); history is {@code query_range} on the caller's grid, fetched in chunks of at
 * most {@code maxPoints} points so that no query meets the server's 11,000-points-per-series limit. A live query
 * that Prometheus refuses as malformed is reported with the error's position in the query as written, not in the
 * averaged query sent ({@link QueryErrors}). Thread-safe; see {@link MetricsSource} for the contract.
 */
public final class PrometheusMetricsSource implements MetricsSource {

    private final PrometheusHttp http;
    private final QueryErrors errors;
    private final QueryTemplates templates;
    private final Duration step;
    private final int maxPoints;

    /**
     * @param step      the subquery resolution used when a template is not a plain selector
     * @param maxPoints points per series per {@code query_range} call, 2..11000
     */
    public PrometheusMetricsSource(PrometheusHttp http, QueryTemplates templates, Duration step, int maxPoints) {
        if (maxPoints < 2 || maxPoints > 11_000) {
            throw new IllegalArgumentException("maxPoints must be in 2..11000, got " + maxPoints);
        }
        this.http = http;
        this.errors = new QueryErrors(http);
        this.templates = templates;
        this.step = step;
        this.maxPoints = maxPoints;
    }

    @Override
    public String name() {
        return http.base().toString();
    }

    @Override
    public MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at) {
        Optional<String> expr = templates.expression(metric);
        if (expr.isEmpty()) {
            return MetricOutcome.invalid(metric + ": no query template for metric type '" + metric.type() + "'");
        }
        SentQuery sent = QueryTemplates.averaged(expr.get(), window, step);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", sent.text());
        params.put("time", seconds(at));
        MetricOutcome<Double> o = PrometheusAnswers.instant(http.get("/api/v1/query", params));
        return o.hasValue() ? o : withContext(errors.explain(o, sent), metric);
    }

    @Override
    public MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration gridStep) {
        if (!end.isAfter(start) || gridStep.isNegative() || gridStep.isZero()) {
            throw new IllegalArgumentException("need start < end and a positive step, got " + start + ", " + end
                    + ", " + gridStep);
        }
        Optional<String> expr = templates.expression(metric);
        if (expr.isEmpty()) {
            return MetricOutcome.invalid(metric + ": no query template for metric type '" + metric.type() + "'");
        }
        long stepMs = gridStep.toMillis();
        int n = Math.toIntExact(Math.floorDiv(Duration.between(start, end).toMillis() + stepMs - 1, stepMs));
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        int seen = 0;
        for (int from = 0; from < n; from += maxPoints) {
            int to = Math.min(n, from + maxPoints);
            MetricOutcome<Samples> chunk = chunk(expr.get(), start, gridStep, from, to);
            if (chunk.kind() == MetricOutcome.Kind.EMPTY) {
                continue;
            }
            if (!chunk.hasValue()) {
                return withContext(chunk.withoutValue(), metric);
            }
            seen += place(chunk.value(), start.toEpochMilli(), stepMs, values);
        }
        if (seen == 0) {
            return MetricOutcome.empty(metric + ": no samples between " + start + " and " + end);
        }
        return MetricOutcome.value(TimeSeries.of(start, gridStep, values));
    }

    private MetricOutcome<Samples> chunk(String expr, Instant start, Duration gridStep, int from, int to) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", expr);
        params.put("start", seconds(start.plus(gridStep.multipliedBy(from))));
        params.put("end", seconds(start.plus(gridStep.multipliedBy(to - 1L))));
        params.put("step", QueryTemplates.promDuration(gridStep));
        return PrometheusAnswers.range(http.get("/api/v1/query_range", params));
    }

    /** Puts the samples that fall on the grid into {@code values}; non-finite samples stay gaps. */
    private static int place(Samples s, long startMs, long stepMs, double[] values) {
        int placed = 0;
        for (int i = 0; i < s.size(); i++) {
            long offset = s.times()[i] - startMs;
            if (offset < 0 || offset % stepMs != 0 || offset / stepMs >= values.length) {
                continue;
            }
            double v = s.values()[i];
            if (Double.isFinite(v)) {
                values[(int) (offset / stepMs)] = v;
                placed++;
            }
        }
        return placed;
    }

    private static <T> MetricOutcome<T> withContext(MetricOutcome<T> o, MetricRef metric) {
        String m = metric + ": " + o.message();
        return switch (o.kind()) {
            case EMPTY -> MetricOutcome.empty(m);
            case INVALID -> MetricOutcome.invalid(m);
            case ERROR -> MetricOutcome.error(m);
            case VALUE -> o;
        };
    }

    private static String seconds(Instant t) {
        long ms = t.toEpochMilli();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
