package io.neuronetes.service.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.runs.RunLoop;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ScalerMetricsTest {

    static String scrape(ScalerMetrics m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runLoopCountersFollowTheLoopsCumulativeStats() throws Exception {
        ScalerMetrics m = new ScalerMetrics();
        m.runLoop(new RunLoop.Stats(10, 0, 0, Duration.ofMillis(500)));
        m.runLoop(new RunLoop.Stats(25, 3, 0, Duration.ofMillis(2000)));
        m.runLoop(new RunLoop.Stats(25, 3, 0, Duration.ofMillis(2000))); // nothing new: nothing added
        String text = scrape(m);
        assertThat(text).contains("neuronetes_run_loop_started_total 25.0")
                .contains("neuronetes_run_loop_skipped_ticks_total 3.0")
                .contains("neuronetes_run_loop_wait_seconds_total 2.0"); // the totals, not the sum of the calls
    }

    @Test
    void aHungPoolShowsAsSkippedTicks() throws Exception {
        ScalerMetrics m = new ScalerMetrics();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        try (RunLoop loop = new RunLoop(1, "test-run")) {
            loop.schedule("hung", Duration.ofSeconds(30), t0, () -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 3; i++) {
                loop.tick(t0.plusSeconds(30L * i)); // started at 0 s, still going at 30 s and 60 s
                started.await();
                m.runLoop(loop.stats());
            }
            release.countDown();
        }
        assertThat(scrape(m)).contains("neuronetes_run_loop_started_total 1.0")
                .contains("neuronetes_run_loop_skipped_ticks_total 2.0");
    }

    @Test
    void aServedPoolsAlertedFailureCountersStartAtZeroSoThatItsFirstFailureCounts() throws Exception {
        ScalerMetrics m = new ScalerMetrics();
        m.pool("chat");
        assertThat(scrape(m)).contains("neuronetes_runs_total{outcome=\"failed\",pool=\"chat\"} 0.0")
                .contains("neuronetes_run_errors_total{kind=\"failed\",pool=\"chat\",stage=\"actuate\"} 0.0")
                .contains("neuronetes_model_trainings_total{outcome=\"failed\",pool=\"chat\"} 0.0");
        m.training("chat", "failed", 1.5, Instant.parse("2024-03-01T03:00:02Z"));
        assertThat(scrape(m)).contains("neuronetes_model_trainings_total{outcome=\"failed\",pool=\"chat\"} 1.0");
        m.forget("chat");
        assertThat(scrape(m)).doesNotContain("pool=\"chat\"");
    }

    /**
     * The guide's dashboard takes {@code increase()} of the scale and warm-activation counters
     * ({@code sum(increase(neuronetes_scale_up_total[1h]))}): born at 1 with a pool's first scale-up, the first
     * would not count, so they start at 0 with the pool.
     */
    @Test
    void aServedPoolsScaleCountersStartAtZeroSoThatItsFirstScaleCounts() throws Exception {
        ScalerMetrics m = new ScalerMetrics();
        m.pool("chat");
        assertThat(scrape(m)).contains("neuronetes_scale_up_total{pool=\"chat\"} 0.0")
                .contains("neuronetes_scale_down_total{pool=\"chat\"} 0.0")
                .contains("neuronetes_warm_pool_activations_total{pool=\"chat\"} 0.0")
                .contains("neuronetes_agentpool_overrides_total{pool=\"chat\"} 0.0");
        m.forget("chat");
        assertThat(scrape(m)).doesNotContain("pool=\"chat\"");
    }

    /**
     * The guide's warm pool size, {@code neuronetes_warm_pool_replicas}, counts ready replicas that serve no traffic,
     * as docs/metrics.md says; replicas still starting are not in it, and its help says so.
     */
    @Test
    void theWarmPoolGaugeSaysItCountsReadyReplicas() throws Exception {
        assertThat(new ScalerMetrics().registry().scrape().stream()
                .filter(x -> x.getMetadata().getName().equals("neuronetes_warm_pool_replicas")).findFirst()
                .orElseThrow().getMetadata().getHelp()).isEqualTo("Warm replicas (ready, not serving)");
    }

    /**
     * A serving model that beats its daily candidates grows old although every retrain succeeds: the last success
     * is exported so that the staleness alert can tell that from retrains that fail.
     */
    @Test
    void aRetrainThatKeepsTheServingModelIsASuccessAndAFailedOneIsNot() throws Exception {
        ScalerMetrics m = new ScalerMetrics();
        String last = "neuronetes_model_retrain_last_success_timestamp_seconds{pool=\"chat\"} ";
        m.pool("chat");
        m.training("chat", "trained", 2.0, Instant.parse("2024-03-01T03:00:02Z"));
        assertThat(scrape(m)).contains(last + "1.709262002E9");
        m.training("chat", "kept_previous", 2.0, Instant.parse("2024-03-02T03:00:02Z"));
        assertThat(scrape(m)).contains(last + "1.709348402E9");
        m.training("chat", "failed", 0.5, Instant.parse("2024-03-03T03:00:01Z"));
        assertThat(scrape(m)).contains(last + "1.709348402E9");
        m.forget("chat");
        assertThat(scrape(m)).doesNotContain("pool=\"chat\"");
    }

    @Test
    void leadershipIsExportedOnceTheServiceActsAndAskedAtEveryScrape() throws Exception {
        ScalerMetrics m = new ScalerMetrics();
        assertThat(scrape(m)).as("dry-run: no leader series").doesNotContain("neuronetes_leader ");
        boolean[] leads = {true};
        m.leadership(() -> leads[0]);
        assertThat(scrape(m)).contains("\nneuronetes_leader 1.0");
        leads[0] = false;
        assertThat(scrape(m)).contains("\nneuronetes_leader 0.0");
    }
}
