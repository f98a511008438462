package io.neuronetes.service.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricOutcome.Kind;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.neuronetes.service.testsupport.Traces;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real Prometheus holding 15 days of the NASA trace as a pool's queue metric. */
class PrometheusMetricsSourceRealTest {

    static RealPrometheus prometheus;
    static TimeSeries trace;

    @BeforeAll
    static void start() {
        assumeTrue(RealPrometheus.available(), "prometheus and promtool are not installed");
        trace = Traces.endingAfter(Traces.nasaLastDays(15), Instant.now(), Duration.ofHours(1));
        TimeSeries twin = TimeSeries.of(trace.start(), trace.step(), new double[] {1, 2, 3});
        prometheus = RealPrometheus.start(List.of(
                new RealPrometheus.Series("neuronetes_tokens_in_queue", Map.of("pool", "nasa"), trace),
                new RealPrometheus.Series("neuronetes_concurrent_sessions", Map.of("pool", "twins", "pod", "a"), twin),
                new RealPrometheus.Series("neuronetes_concurrent_sessions", Map.of("pool", "twins", "pod", "b"), twin),
                // The guide's TTFT histogram: per minute 80 first tokens within 0.25 s and 20 more within 0.5 s.
                bucket("hist", "0.25", 80), bucket("hist", "0.5", 100), bucket("hist", "+Inf", 100),
                bucket("both", "0.25", 80), bucket("both", "0.5", 100), bucket("both", "+Inf", 100),
                // An idle pool: the agents export the histogram, but no request came (the counters stand still).
                bucket("idle", "0.25", 0), bucket("idle", "0.5", 0), bucket("idle", "+Inf", 0),
                new RealPrometheus.Series("neuronetes_ttft_p95_milliseconds", Map.of("pool", "both"), constant(900)),
                new RealPrometheus.Series("neuronetes_ttft_p95_milliseconds", Map.of("pool", "gauge"), constant(300))));
    }

    /** A cumulative bucket counter of {@code neuronetes_ttft_seconds} growing by {@code perMinute}. */
    private static RealPrometheus.Series bucket(String pool, String le, double perMinute) {
        double[] v = new double[trace.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = perMinute * i;
        }
        return new RealPrometheus.Series("neuronetes_ttft_seconds_bucket", Map.of("pool", pool, "le", le),
                TimeSeries.of(trace.start(), trace.step(), v));
    }

    private static TimeSeries constant(double value) {
        double[] v = new double[trace.size()];
        java.util.Arrays.fill(v, value);
        return TimeSeries.of(trace.start(), trace.step(), v);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static PrometheusMetricsSource source(Map<String, Map<String, String>> perPool) {
        PrometheusHttp http = new PrometheusHttp(prometheus.url(), Duration.ofSeconds(10), 1, Duration.ofMillis(100),
                PrometheusHttp.Auth.none());
        return new PrometheusMetricsSource(http, new QueryTemplates(Map.of(), perPool), Duration.ofMinutes(1), 10_000);
    }

    @Test
    void fourteenDaysOfHistoryComeBackExactlyInChunksBelowTheLimit() {
        Instant end = trace.end();
        Instant start = end.minus(Duration.ofDays(14)); // 20,160 points: three chunks of at most 10,000
        TimeSeries got = source(Map.of()).range(MetricRef.of("nasa", "default", "tokens-in-queue"), start, end,
                Duration.ofMinutes(1)).value();
        assertThat(got.size()).isEqualTo(20_160);
        assertThat(got.start()).isEqualTo(start);
        int offset = trace.indexOf(start);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.value(i)).as("minute %d", i).isEqualTo(trace.value(offset + i));
        }
    }

    @Test
    void theServerRefusesTheSameRangeUnchunked() {
        PrometheusHttp http = new PrometheusHttp(prometheus.url(), Duration.ofSeconds(10), 0, Duration.ZERO,
                PrometheusHttp.Auth.none());
        Instant end = trace.end();
        MetricOutcome<Samples> o = PrometheusAnswers.range(http.get("/api/v1/query_range", Map.of(
                "query", "neuronetes_tokens_in_queue", "start", Long.toString(end.minus(Duration.ofDays(14))
                        .getEpochSecond()), "end", Long.toString(end.getEpochSecond()), "step", "60s")));
        assertThat(o.kind()).isEqualTo(Kind.ERROR);
        assertThat(o.message()).contains("11,000 points");
    }

    @Test
    void instantValueIsTheAverageOverTheWindow() {
        int i = trace.size() - 200;
        Instant at = trace.time(i);
        // avg_over_time(x[5m]) at t takes the samples in (t - 5m, t]: minutes i-4 .. i.
        double expected = (trace.value(i - 4) + trace.value(i - 3) + trace.value(i - 2) + trace.value(i - 1)
                + trace.value(i)) / 5;
        MetricOutcome<Double> o = source(Map.of()).instant(MetricRef.of("nasa", "default", "tokens-in-queue"),
                Duration.ofMinutes(5), at);
        assertThat(o.value()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * An aggregated template is averaged with a subquery, whose evaluations Prometheus aligns to multiples of its
     * resolution. The guide's 30 s window (queue-pool) with the 1-minute step as the resolution held no evaluation
     * half of each minute, so the metric was missing in half of the runs; the window's own length keeps one in it.
     */
    @Test
    void anAggregatedTemplateHasAValueInAWindowShorterThanTheStep() {
        int i = trace.size() - 150;
        PrometheusMetricsSource s = source(Map.of("nasa", Map.of("queue-depth",
                "sum(neuronetes_tokens_in_queue{pool=\"nasa\"})")));
        for (int second : new int[] {0, 15, 29, 31, 45, 59}) {
            Instant at = trace.time(i).plusSeconds(second);
            MetricOutcome<Double> o = s.instant(MetricRef.of("nasa", "default", "queue-depth"),
                    Duration.ofSeconds(30), at);
            assertThat(o.kind()).as("%d s past the minute: %s", second, o.message()).isEqualTo(Kind.VALUE);
            // the one evaluation in (at - 30s, at] reads the sample of minute i (the last at or before it)
            assertThat(o.value()).as("%d s past the minute", second).isEqualTo(trace.value(i));
        }
    }

    @Test
    void ttftIsReadFromTheGuidesHistogramAndElseFromItsGauge() {
        Instant at = trace.time(trace.size() - 100);
        PrometheusMetricsSource s = source(Map.of());
        // rank 95 of 100 lies in (0.25, 0.5], holding ranks 81..100: 0.25 + 0.25 * (95 - 80) / (100 - 80)
        for (String pool : List.of("hist", "both")) {
            MetricOutcome<Double> o = s.instant(MetricRef.of(pool, "default", "ttft-p95"), Duration.ofMinutes(1), at);
            assertThat(o.value()).as(pool).isCloseTo(0.4375, org.assertj.core.data.Offset.offset(1e-9));
        }
        MetricOutcome<Double> gauge = s.instant(MetricRef.of("gauge", "default", "ttft-p95"), Duration.ofMinutes(1),
                at);
        assertThat(gauge.value()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9)); // 300 ms
    }

    @Test
    void anIdleHistogramReadsNoWaitAndAPoolWithoutTtftSeriesStaysMissing() {
        Instant at = trace.time(trace.size() - 100);
        PrometheusMetricsSource s = source(Map.of());
        // histogram_quantile of counters that stand still is NaN: without the template's fallback it would be an
        // INVALID reading, and a missing metric holds the pool's size (FALLBACK_HOLD)
        MetricOutcome<Double> idle = s.instant(MetricRef.of("idle", "default", "ttft-p95"), Duration.ofMinutes(1), at);
        assertThat(idle.kind()).isEqualTo(MetricOutcome.Kind.VALUE);
        assertThat(idle.value()).isZero();
        // the 30 s window takes the subquery path
        assertThat(s.instant(MetricRef.of("idle", "default", "ttft-p95"), Duration.ofSeconds(30), at).value())
                .isZero();
        assertThat(s.instant(MetricRef.of("none", "default", "ttft-p95"), Duration.ofMinutes(1), at).kind())
                .isEqualTo(MetricOutcome.Kind.EMPTY);
    }

    @Test
    void realServerAnswersAreTyped() {
        Instant at = trace.time(trace.size() - 100);
        PrometheusMetricsSource s = source(Map.of("nan", Map.of("queue-depth", "vector(0) / 0")));
        assertThat(s.instant(MetricRef.of("unknown", "default", "tokens-in-queue"), Duration.ofMinutes(1), at).kind())
                .isEqualTo(Kind.EMPTY);
        MetricOutcome<Double> twins = s.instant(MetricRef.of("twins", "default", "concurrent-sessions"),
                Duration.ofDays(30), at);
        assertThat(twins.kind()).isEqualTo(Kind.INVALID);
        assertThat(twins.message()).contains("2 series where one was expected");
        MetricOutcome<Double> nan = s.instant(MetricRef.of("nan", "default", "queue-depth"), Duration.ofMinutes(1), at);
        assertThat(nan.kind()).isEqualTo(Kind.INVALID);
        assertThat(nan.message()).contains("NaN");
        MetricOutcome<Double> bad = s.instant(MetricRef.external("x", "default", "ext", "sum(("), Duration.ofMinutes(1),
                at);
        assertThat(bad.kind()).isEqualTo(Kind.ERROR);
        assertThat(bad.message()).startsWith("x/ext: HTTP 400: bad_data");
    }

    /**
     * A query that Prometheus refuses as malformed is reported at the position Prometheus gives for the query as
     * written, not at the one in the averaged query sent (15 bytes of wrapper before it), and with the text sent.
     * Prometheus's parser is asked about the query alone, so a parenthesis the query leaves open is found in it
     * rather than in the wrapper's closing part; a query that parses alone but cannot be averaged over a window is
     * said to fail in the wrapper.
     */
    @Test
    void aMalformedQueryIsReportedAtItsPositionInTheQueryAsWritten() {
        Instant at = trace.time(trace.size() - 100);
        PrometheusMetricsSource s = source(Map.of());
        String bad = "HTTP 400: bad_data: invalid parameter \"query\": ";
        // the guide's Datadog query without a provider of its name: Prometheus reads it as PromQL
        assertThat(external(s, "avg:queue.depth{service:agents}", at)).isEqualTo(bad + "1:10: parse error: "
                + "unexpected character: '.' (position in the query as written; as sent: "
                + "avg_over_time((avg:queue.depth{service:agents})[59999ms:60s]))");
        // sent, the parenthesis left open is found at the end of the wrapper, after its own closing one
        assertThat(external(s, "sum(rate(neuronetes_tokens_in_queue[5m])", at)).isEqualTo(bad + "1:41: parse "
                + "error: unclosed left parenthesis (position in the query as written; as sent: "
                + "avg_over_time((sum(rate(neuronetes_tokens_in_queue[5m]))[59999ms:60s]))");
        assertThat(external(s, "sum(\n  rate(neuronetes_tokens_in_queue[5m]) +\n)", at)).isEqualTo(bad + "3:1: parse "
                + "error: unexpected \")\" in aggregation (position in the query as written; as sent: "
                + "avg_over_time((sum(\n  rate(neuronetes_tokens_in_queue[5m]) +\n))[59999ms:60s]))");
        assertThat(external(s, "neuronetes_tokens_in_queue{pool=\"nasa\"}[5m]", at)).isEqualTo(bad + "in the "
                + "service's wrapper before the query as written (1:15 as sent): parse error: subquery is only "
                + "allowed on instant vector, got matrix instead (the query alone is valid PromQL; as sent: "
                + "avg_over_time((neuronetes_tokens_in_queue{pool=\"nasa\"}[5m])[59999ms:60s]))");
    }

    /** A comment, {@code #} to the end of the line, in a query that the service averages with a subquery. */
    @Test
    void aQueryEndingInACommentIsRead() {
        int i = trace.size() - 100;
        MetricOutcome<Double> o = source(Map.of()).instant(MetricRef.external("nasa", "default", "queue",
                "sum(neuronetes_tokens_in_queue{pool=\"nasa\"}) # the pool's queue"), Duration.ofMinutes(1),
                trace.time(i));
        assertThat(o.kind()).as(o.message()).isEqualTo(Kind.VALUE);
        assertThat(o.value()).isEqualTo(trace.value(i)); // the one evaluation in (at - 1m, at]
    }

    private static String external(PrometheusMetricsSource s, String query, Instant at) {
        MetricOutcome<Double> o = s.instant(MetricRef.external("x", "default", "ext", query), Duration.ofMinutes(1), at);
        assertThat(o.kind()).as(o.message()).isEqualTo(Kind.ERROR);
        assertThat(o.message()).startsWith("x/ext: ");
        return o.message().substring("x/ext: ".length());
    }

    @Test
    void stoppedServerIsAnErrorAndRestartRecovers() {
        PrometheusMetricsSource s = source(Map.of());
        MetricRef ref = MetricRef.of("nasa", "default", "tokens-in-queue");
        Instant at = trace.time(trace.size() - 100);
        prometheus.stop();
        try {
            MetricOutcome<Double> down = s.instant(ref, Duration.ofMinutes(1), at);
            assertThat(down.kind()).isEqualTo(Kind.ERROR);
            assertThat(down.message()).contains("unreachable");
            // Asked again at once, an unreachable server is not tried: the request fails without waiting.
            long t = System.nanoTime();
            MetricOutcome<Double> held = s.instant(ref, Duration.ofMinutes(1), at);
            assertThat(held.message()).contains("unreachable").contains("not asked again");
            assertThat(System.nanoTime() - t).isLessThan(100_000_000L); // no retry sleeps (100 ms before a retry)
        } finally {
            prometheus.restart();
        }
        sleep(200); // the hold-off after an unreachable server: the next backoff step, 100 ms * 2^1
        assertThat(s.instant(ref, Duration.ofMinutes(1), at).kind()).isEqualTo(Kind.VALUE);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
