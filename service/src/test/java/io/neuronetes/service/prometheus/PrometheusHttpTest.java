package io.neuronetes.service.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's handling of a server that cannot be reached: retried once, then not asked again for a while. */
class PrometheusHttpTest {

    static final Map<String, String> QUERY = Map.of("query", "up");

    @Test
    void unreachableServerIsNotAskedAgainUntilTheNextBackoffStepThenOneRequestTriesIt() throws Exception {
        AtomicBoolean hung = new AtomicBoolean(true);
        AtomicLong now = new AtomicLong();
        List<Duration> slept = new CopyOnWriteArrayList<>();
        // Answers after 400 ms while hung: every attempt times out at 200 ms.
        try (CannedPrometheus p = new CannedPrometheus(u -> new CannedPrometheus.Answer(200,
                CannedPrometheus.vector("1"), hung.get() ? 400 : 0))) {
            // 1 retry, backoff 100 ms: the hold-off is the next step, 100 ms * 2^1 = 200 ms.
            PrometheusHttp http = new PrometheusHttp(p.url(), Duration.ofMillis(200), 1, Duration.ofMillis(100),
                    PrometheusHttp.Auth.none(), slept::add, now::get);

            PrometheusHttp.Response first = http.get("/api/v1/query", QUERY);
            assertThat(first.failure()).isEqualTo("Prometheus " + http.base() + " timed out after 200 ms (after 2 "
                    + "attempts)");
            assertThat(p.requests).hasSize(2);
            assertThat(slept).containsExactly(Duration.ofMillis(100));

            now.addAndGet(Duration.ofMillis(150).toNanos()); // within the hold-off: fails at once, no request
            hung.set(false);
            PrometheusHttp.Response held = http.get("/api/v1/query", QUERY);
            assertThat(held.failure()).isEqualTo("Prometheus " + http.base() + " timed out after 200 ms (after 2 "
                    + "attempts) (not asked again for 50 ms)");
            assertThat(p.requests).hasSize(2);
            assertThat(slept).hasSize(1);

            now.addAndGet(Duration.ofMillis(50).toNanos()); // hold-off over: this request tries the server
            PrometheusHttp.Response back = http.get("/api/v1/query", QUERY);
            assertThat(back.status()).isEqualTo(200);
            assertThat(p.requests).hasSize(3);
            assertThat(http.get("/api/v1/query", QUERY).status()).isEqualTo(200); // reachable again: no hold-off
            assertThat(p.requests).hasSize(4);
        }
    }

    @Test
    void aTokenFileThatCannotBeReadIsNamedWithTheReasonAndNoRequestGoesOut(@TempDir Path dir) throws Exception {
        try (CannedPrometheus p = new CannedPrometheus(u -> new CannedPrometheus.Answer(200,
                CannedPrometheus.vector("1"), 0))) {
            // not by permissions: the tests run as root, who may read any file
            for (Path file : List.of(dir.resolve("absent/token"), dir)) {
                PrometheusHttp http = new PrometheusHttp(p.url(), Duration.ofSeconds(2), 0, Duration.ofMillis(100),
                        new PrometheusHttp.Auth(Optional.empty(), Optional.of(file)), d -> { }, () -> 0);
                assertThat(http.get("/api/v1/query", QUERY).failure()).isEqualTo("bearer token file " + file
                        + ": cannot read: " + (file.equals(dir) ? "Is a directory" : "No such file or directory"));
            }
            assertThat(p.requests).isEmpty();
        }
    }

    @Test
    void aTokenFileThatCannotBeReadIsNotRetriedAndDoesNotHoldTheServerOff(@TempDir Path dir) throws Exception {
        try (CannedPrometheus p = new CannedPrometheus(u -> new CannedPrometheus.Answer(200,
                CannedPrometheus.vector("1"), 0))) {
            Path token = dir.resolve("token");
            List<Duration> slept = new ArrayList<>();
            PrometheusHttp http = new PrometheusHttp(p.url(), Duration.ofSeconds(2), 2, Duration.ofMillis(100),
                    new PrometheusHttp.Auth(Optional.empty(), Optional.of(token)), slept::add, () -> 0);
            assertThat(http.get("/api/v1/query", QUERY).failure()).startsWith("bearer token file " + token);
            assertThat(slept).as("no retry: waiting would not make the file readable").isEmpty();
            Files.writeString(token, "s3cret-token-value");
            // the server was never at fault: the next request goes out at once, with the token now in the file
            assertThat(http.get("/api/v1/query", QUERY).status()).isEqualTo(200);
            assertThat(p.requests).hasSize(1);
        }
    }

    @Test
    void serverErrorsAreAnswersAndNeverHoldTheNextRequest() throws Exception {
        AtomicLong now = new AtomicLong();
        try (CannedPrometheus p = new CannedPrometheus(u -> new CannedPrometheus.Answer(503, "busy", 0))) {
            PrometheusHttp http = new PrometheusHttp(p.url(), Duration.ofSeconds(2), 1, Duration.ofMillis(100),
                    PrometheusHttp.Auth.none(), d -> { }, now::get);
            assertThat(http.get("/api/v1/query", QUERY).status()).isEqualTo(503);
            assertThat(http.get("/api/v1/query", QUERY).status()).isEqualTo(503);
            assertThat(p.requests).hasSize(4); // 2 attempts each: the server answered, so it was asked again
        }
    }
}
