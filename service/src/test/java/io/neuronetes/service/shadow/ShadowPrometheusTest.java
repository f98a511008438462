package io.neuronetes.service.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.prometheus.PrometheusHttp;
import io.neuronetes.service.prometheus.PrometheusMetricsSource;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.neuronetes.service.testsupport.Traces;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shadow replay's history from a real Prometheus (backfilled with promtool): eleven days of the NASA trace as one
 * pool's concurrent sessions, the last five days as another's. The trace ends an hour after now, so at least
 * 11 days - 1 h - 24 h of it lie before last midnight, whatever the time of day the test runs at.
 */
class ShadowPrometheusTest {

    static final Duration MINUTE = Duration.ofMinutes(1);
    static RealPrometheus prometheus;
    static TimeSeries trace;
    static Instant now;

    @BeforeAll
    static void start() {
        assumeTrue(RealPrometheus.available(), "prometheus and promtool are not installed");
        now = Instant.now();
        trace = Traces.endingAfter(Traces.nasaLastDays(11), now, Duration.ofHours(1));
        TimeSeries lastFive = trace.slice(trace.size() - 5 * 1440, trace.size());
        prometheus = RealPrometheus.start(List.of(
                new RealPrometheus.Series("neuronetes_concurrent_sessions", Map.of("pool", "full"), trace),
                new RealPrometheus.Series("neuronetes_concurrent_sessions", Map.of("pool", "short"), lastFive)));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static ShadowHistory history() {
        PrometheusHttp http = new PrometheusHttp(prometheus.url(), Duration.ofSeconds(10), 1, Duration.ofMillis(100),
                PrometheusHttp.Auth.none());
        return new ShadowHistory(new PrometheusMetricsSource(http, QueryTemplates.builtIn(), MINUTE, 10_000), MINUTE);
    }

    /** A predictive pool on concurrent sessions: target 10, cold start 5 min. */
    static AgentPool pool(String name) {
        Map<String, Object> spec = Map.of("minReplicas", 1, "maxReplicas", 100, "coldStart", "5m",
                "autoscaling", Map.of("metrics", List.of(Map.of("type", "concurrent-sessions", "target", "10")),
                        "predictive", Map.of("enabled", true, "minConfidence", 0.3, "horizonMinutes", 15)));
        return new AgentPoolParser().parse(Map.of("apiVersion", AgentPoolParser.API_VERSION, "kind", "AgentPool",
                "metadata", Map.of("name", name), "spec", spec)).orThrow();
    }

    @Test
    void replaysTheRecordedValuesOfTheLastWholeDay() {
        TimeSeries h = history().read(pool("full"), 1, now);
        // Read from midnight 15 days back (1 + 7 + 7): the first 4 or so days are before the data, hence gaps.
        assertThat(h.start()).isEqualTo(ShadowReplay.historyStart(now, 1, pool("full")));
        int recorded = 0;
        for (int i = 0; i < h.size(); i++) {
            int j = trace.indexOf(h.time(i));
            if (j >= 0 && j < trace.size()) {
                assertThat(h.value(i)).as("minute %s", h.time(i)).isEqualTo(trace.value(j));
                recorded++;
            }
        }
        assertThat(recorded).isGreaterThanOrEqualTo(9 * 1440);

        ShadowReplay.Result r = ShadowReplay.run(h, pool("full"), 1, ForestTrainer.defaults());
        Instant lastMidnight = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        assertThat(r.predictive().firstStep()).isEqualTo(lastMidnight.minus(Duration.ofDays(1)));
        assertThat(r.predictive().steps()).isEqualTo(1440);
        assertThat(r.predictive().trainings()).isEqualTo(1);
        assertThat(r.reactive().trainings()).isZero();
        int first = trace.indexOf(r.predictive().firstStep());
        for (int k = 0; k < 1440; k++) {
            assertThat(r.predictive().demand()[k]).isEqualTo(trace.value(first + k));
        }
        assertThat(r.predictive().score().gpuHours()).isGreaterThanOrEqualTo(r.predictive().oracleGpuHours());
    }

    @Test
    void fiveDaysAreTooFewForOneDayWithItsTrainingWeek() {
        TimeSeries h = history().read(pool("short"), 1, now);
        assertThatThrownBy(() -> ShadowReplay.run(h, pool("short"), 1, ForestTrainer.defaults()))
                .isInstanceOf(ShadowException.class)
                .hasMessageStartingWith("history too short for a 1-day shadow replay: it needs 8 whole days");
    }

    @Test
    void aPoolWithoutSamplesIsToldSo() {
        assertThatThrownBy(() -> history().read(pool("none"), 1, now)).isInstanceOf(ShadowException.class)
                .hasMessageStartingWith("no history of concurrent-sessions for none");
    }
}
