package io.neuronetes.service.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.store.FileModelStore;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.prometheus.PrometheusHttp;
import io.neuronetes.service.prometheus.PrometheusMetricsSource;
import io.neuronetes.service.testsupport.FaultProxy;
import io.neuronetes.service.testsupport.RealPrometheus;
import io.neuronetes.service.testsupport.Traces;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retrain's history read (several chunked range queries to a real Prometheus) with the server killed in the
 * middle of it: the retrain fails with the cause, the serving model stays, nothing is saved; after the server is
 * restarted the next retrain reads the whole history and backtests its candidate.
 */
class RetrainHistoryFaultTest {

    @TempDir
    Path tmp;

    @Test
    void prometheusKilledInTheMiddleOfAHistoryReadFailsTheRetrainAndTheServingModelStays() throws Exception {
        assumeTrue(RealPrometheus.available(), "prometheus and promtool are not installed");
        Instant now = Instant.now();
        TimeSeries trace = Traces.endingAfter(Traces.nasaLastDays(12), now, Duration.ofHours(1));
        try (RealPrometheus prometheus = RealPrometheus.start(List.of(new RealPrometheus.Series(
                "neuronetes_concurrent_sessions", Map.of("pool", "chat"), trace)));
                FaultProxy proxy = new FaultProxy(prometheus.url())) {
            PrometheusHttp http = new PrometheusHttp(proxy.url(), Duration.ofSeconds(5), 0, Duration.ofMillis(100),
                    PrometheusHttp.Auth.none());
            // 2,000 points a query: the 11 days a retrain reads take 8 queries
            PrometheusMetricsSource source = new PrometheusMetricsSource(http, QueryTemplates.builtIn(),
                    Duration.ofMinutes(1), 2_000);
            ModelStoreFaultsTest.Holder holder = new ModelStoreFaultsTest.Holder();
            FileModelStore store = new FileModelStore(tmp.resolve("models"), 5);
            RetrainJob job = new RetrainJob(source, store, holder, ModelStoreFaultsTest.TRAINER,
                    Duration.ofMinutes(1));
            ServingModel serving = new RetrainJob(new ModelStoreFaultsTest.Synthetic(m -> 5000),
                    new FileModelStore(tmp.resolve("first"), 5), holder, ModelStoreFaultsTest.TRAINER,
                    Duration.ofMinutes(1)).retrain(ModelStoreFaultsTest.POOL, now).status()
                    == RetrainOutcome.Status.TRAINED ? holder.models.get("chat") : null;
            assertThat(serving).isNotNull();

            AtomicInteger ranges = new AtomicInteger();
            proxy.hook(uri -> {
                if (uri.getPath().endsWith("/query_range") && ranges.incrementAndGet() == 3) {
                    prometheus.stop(); // the third chunk finds the server gone
                }
            });
            RetrainOutcome killed = job.retrain(ModelStoreFaultsTest.POOL, now);
            proxy.hook(null);

            // It stopped at the failing chunk (the HTTP client itself may resend a GET once on a dropped connection)
            // instead of reading the other chunks.
            assertThat(ranges.get()).isBetween(3, 4);
            assertThat(killed.status()).isEqualTo(RetrainOutcome.Status.FAILED);
            assertThat(killed.message()).startsWith("history: ERROR").contains("unreachable");
            assertThat(holder.models.get("chat")).isSameAs(serving);
            assertThat(store.versions("chat", ModelStoreFaultsTest.METRIC)).isEmpty();

            prometheus.restart();
            RetrainOutcome after = job.retrain(ModelStoreFaultsTest.POOL, now);
            // The whole history read and a backtest made: the candidate replaces the serving model or is kept out
            // by the comparison on the same day, both past the history read.
            assertThat(after.status()).as(after.message()).isIn(RetrainOutcome.Status.TRAINED,
                    RetrainOutcome.Status.KEPT_PREVIOUS);
            assertThat(after.message()).contains("backtest relative MAE");
            assertThat(ranges.get()).isBetween(3, 4); // the hook was removed: no more kills
        }
    }
}
