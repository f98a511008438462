package io.neuronetes.service.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricOutcome.Kind;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.QueryTemplates;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The client over real HTTP against a local server with canned answers: retries, timeouts, chunks, auth. */
class PrometheusMetricsSourceCannedTest {

    static final MetricRef QUEUE = MetricRef.of("chat", "default", "tokens-in-queue");
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    static PrometheusMetricsSource source(URI url, Duration timeout, int retries, int maxPoints,
            PrometheusHttp.Auth auth) {
        PrometheusHttp http = new PrometheusHttp(url, timeout, retries, Duration.ofMillis(1), auth);
        return new PrometheusMetricsSource(http, QueryTemplates.builtIn(), Duration.ofMinutes(1), maxPoints);
    }

    static Map<String, String> params(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : uri.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            m.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void instantQueryAveragesTheGuideMetricOverTheWindowAtTheGivenTime() throws Exception {
        try (CannedPrometheus p = new CannedPrometheus(u -> CannedPrometheus.Answer.ok(CannedPrometheus.vector("7")))) {
            MetricOutcome<Double> o = source(p.url(), Duration.ofSeconds(2), 0, 10_000, PrometheusHttp.Auth.none())
                    .instant(QUEUE, Duration.ofSeconds(30), T0);
            assertThat(o.value()).isEqualTo(7.0);
            Map<String, String> q = params(p.requests.get(0));
            assertThat(p.requests.get(0).getPath()).isEqualTo("/api/v1/query");
            assertThat(q).containsEntry("query", "avg_over_time(neuronetes_tokens_in_queue{pool=\"chat\",source!=\"scaler\"}[29999ms])")
                    .containsEntry("time", "1709251200");
        }
    }

    /**
     * A malformed query is reported at its position in the query as written, not in the averaged query sent. A
     * server that cannot parse the query alone (no {@code /api/v1/format_query} before Prometheus 2.38) is asked
     * once, and the position is translated by the wrapper's prefix, here in the older form of the error.
     */
    @Test
    void aParseErrorIsToldInTheQueryAsWrittenWhenTheServerCannotParseTheQueryAlone() throws Exception {
        String datadog = "avg:queue.depth{service:agents}"; // the guide's example, sent to Prometheus as PromQL
        try (CannedPrometheus p = new CannedPrometheus(u -> u.getPath().equals("/api/v1/format_query")
                ? new CannedPrometheus.Answer(404, "404 page not found", 0)
                : new CannedPrometheus.Answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                        + "\"error\":\"parse error at char 25: unexpected character: '.'\"}", 0))) {
            MetricOutcome<Double> o = source(p.url(), Duration.ofSeconds(2), 2, 10_000, PrometheusHttp.Auth.none())
                    .instant(MetricRef.external("chat", "default", "datadog-queue-depth", datadog),
                            Duration.ofMinutes(1), T0);
            assertThat(o.kind()).isEqualTo(Kind.ERROR);
            assertThat(o.message()).isEqualTo("chat/datadog-queue-depth: HTTP 400: bad_data: parse error at char 10: "
                    + "unexpected character: '.' (position in the query as written; as sent: "
                    + "avg_over_time((avg:queue.depth{service:agents})[59999ms:60s]))");
            assertThat(p.requests).extracting(URI::getPath).containsExactly("/api/v1/query", "/api/v1/format_query");
            assertThat(params(p.requests.get(1))).containsExactly(Map.entry("query", datadog));
        }
    }

    @Test
    void transientFailuresAreRetriedThenSucceed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (CannedPrometheus p = new CannedPrometheus(u -> calls.incrementAndGet() < 3
                ? new CannedPrometheus.Answer(503, "busy", 0) : CannedPrometheus.Answer.ok(CannedPrometheus.vector("1")))) {
            MetricOutcome<Double> o = source(p.url(), Duration.ofSeconds(2), 2, 10_000, PrometheusHttp.Auth.none())
                    .instant(QUEUE, Duration.ofSeconds(30), T0);
            assertThat(o.kind()).isEqualTo(Kind.VALUE);
            assertThat(calls.get()).isEqualTo(3); // 1 attempt + 2 retries
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        try (CannedPrometheus p = new CannedPrometheus(u -> new CannedPrometheus.Answer(400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}", 0))) {
            MetricOutcome<Double> o = source(p.url(), Duration.ofSeconds(2), 3, 10_000, PrometheusHttp.Auth.none())
                    .instant(QUEUE, Duration.ofSeconds(30), T0);
            assertThat(o.kind()).isEqualTo(Kind.ERROR);
            assertThat(o.message()).isEqualTo("chat/tokens-in-queue: HTTP 400: bad_data: parse error");
            assertThat(p.requests).hasSize(1);
        }
    }

    @Test
    void slowServerTimesOutOnEveryAttempt() throws Exception {
        try (CannedPrometheus p = new CannedPrometheus(u -> new CannedPrometheus.Answer(200,
                CannedPrometheus.vector("1"), 1500))) {
            long t = System.nanoTime();
            MetricOutcome<Double> o = source(p.url(), Duration.ofMillis(200), 1, 10_000, PrometheusHttp.Auth.none())
                    .instant(QUEUE, Duration.ofSeconds(30), T0);
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertThat(o.kind()).isEqualTo(Kind.ERROR);
            assertThat(o.message()).contains("timed out after 200 ms (after 2 attempts)");
            assertThat(ms).isLessThan(1400); // 2 attempts x 200 ms, far below the server's 1.5 s delay
        }
    }

    @Test
    void unreachableServerIsAnError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MetricOutcome<TimeSeries> o = source(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(1), 1, 100,
                PrometheusHttp.Auth.none()).range(QUEUE, T0, T0.plusSeconds(600), Duration.ofMinutes(1));
        assertThat(o.kind()).isEqualTo(Kind.ERROR);
        // the server is named: a wrong URL shows in the status and the train command without looking it up
        assertThat(o.message()).startsWith("chat/tokens-in-queue: Prometheus http://127.0.0.1:" + port
                + " unreachable: ConnectException");
    }

    @Test
    void longRangeIsSplitIntoChunksBelowTheLimitAndReassembled() throws Exception {
        // 25 grid points at 1 min, at most 10 per query: chunks [0,10) [10,20) [20,25).
        List<long[]> asked = new ArrayList<>();
        try (CannedPrometheus p = new CannedPrometheus(u -> {
            Map<String, String> q = params(u);
            long s = Long.parseLong(q.get("start"));
            long e = Long.parseLong(q.get("end"));
            synchronized (asked) {
                asked.add(new long[] {s, e});
            }
            StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
                    + "\"result\":[{\"metric\":{},\"values\":[");
            for (long t = s; t <= e; t += 60) {
                long i = (t - T0.getEpochSecond()) / 60;
                b.append(t > s ? "," : "").append("[").append(t).append(",\"").append(i == 13 ? "NaN" : i * 2)
                        .append("\"]");
            }
            return CannedPrometheus.Answer.ok(b.append("]}]}}").toString());
        })) {
            TimeSeries ts = source(p.url(), Duration.ofSeconds(2), 0, 10, PrometheusHttp.Auth.none())
                    .range(QUEUE, T0, T0.plusSeconds(25 * 60), Duration.ofMinutes(1)).value();
            assertThat(asked).extracting(a -> (a[1] - a[0]) / 60 + 1).containsExactly(10L, 10L, 5L);
            assertThat(ts.size()).isEqualTo(25);
            assertThat(ts.value(24)).isEqualTo(48.0); // 24 * 2
            assertThat(ts.value(13)).isNaN(); // NaN sample -> gap
            assertThat(ts.gaps()).isEqualTo(1);
        }
    }

    @Test
    void bearerTokenIsSentAndReReadFromItsFile() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("token", "");
        java.nio.file.Files.writeString(f, "first\n");
        try (CannedPrometheus p = new CannedPrometheus(u -> CannedPrometheus.Answer.ok(CannedPrometheus.vector("1")))) {
            PrometheusMetricsSource s = source(p.url(), Duration.ofSeconds(2), 0, 100,
                    new PrometheusHttp.Auth(Optional.of("ignored"), Optional.of(f)));
            s.instant(QUEUE, Duration.ofSeconds(30), T0);
            java.nio.file.Files.writeString(f, "second");
            s.instant(QUEUE, Duration.ofSeconds(30), T0);
            assertThat(p.authorizations).containsExactly("Bearer first", "Bearer second");
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
