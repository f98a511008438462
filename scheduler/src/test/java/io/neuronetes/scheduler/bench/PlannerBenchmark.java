package io.neuronetes.scheduler.bench;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastMethod;
import io.neuronetes.forecast.StepDistribution;
import io.neuronetes.scheduler.metrics.ReactiveMetrics;
import io.neuronetes.scheduler.metrics.Tolerance;
import io.neuronetes.scheduler.plan.Decision;
import io.neuronetes.scheduler.plan.Planner;
import io.neuronetes.scheduler.plan.PoolState;
import io.neuronetes.scheduler.plan.Signals;
import io.neuronetes.scheduler.plan.SloReadings;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.scheduler.spec.MetricType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One planner decision for a pool that sets every field of the guide (seven metrics, schedules, SLO, cost, spot,
 * warm pool, external metric), decided once a minute with a fresh forecast, against a baseline measured in the
 * same run: the reactive metric arithmetic alone. Prints medians over batches; asserts nothing about time.
 * Target: median at most 50 microseconds per decision.
 */
@Tag("benchmark")
class PlannerBenchmark {

    private static final int BATCH = 2_000;
    private static final int BATCHES = 25;

    @Test
    @SuppressWarnings("unchecked")
    void oneDecision() throws Exception {
        AgentPool pool;
        try (InputStream in = getClass().getResourceAsStream("/pools/every-field.yaml")) {
            pool = new AgentPoolParser().parse(new ObjectMapper(new YAMLFactory()).readValue(in, Map.class)).orThrow();
        }
        Instant t0 = Instant.parse("2024-06-12T06:00:00Z");
        Signals[] signals = new Signals[64];
        for (int i = 0; i < signals.length; i++) {
            double load = 200 + 150 * Math.sin(i / 5.0);
            signals[i] = Signals.none().with(MetricType.TOKENS_IN_QUEUE, load * 50)
                    .with(MetricType.TTFT_P95, 0.4 + 0.01 * (i % 7)).with(MetricType.CONCURRENT_SESSIONS, load)
                    .with(MetricType.TOKENS_PER_SECOND, load * 10).with(MetricType.QUEUE_DEPTH, load / 2)
                    .with(MetricType.CONTEXT_LENGTH, 3000 + i).with(MetricType.TOOL_CALL_RATE, load / 5)
                    .withExternal("datadog-queue-depth", load).withSlo(new SloReadings(0.3, 1.5, 60));
        }
        Forecast[] forecasts = new Forecast[64];
        for (int i = 0; i < forecasts.length; i++) {
            forecasts[i] = forecast(t0.plus(Duration.ofMinutes(i - 1)), 300 + i);
        }
        PoolState[] state = {PoolState.initial(10, 5)};
        Instant[] now = {t0};
        int[] k = {0};
        Runnable decide = () -> {
            int i = k[0]++ & 63;
            now[0] = now[0].plusSeconds(60);
            Decision d = Planner.plan(state[0], signals[i], forecasts[i], pool, now[0]);
            state[0] = d.state();
        };
        Runnable baseline = () -> {
            int i = k[0]++ & 63;
            ReactiveMetrics.compute(pool.autoscaling().metrics(), pool.autoscaling().externalMetrics(),
                    pool.autoscaling().strategy(), signals[i].metrics(), signals[i].external(), null, Double.NaN, 10,
                    Tolerance.HPA);
        };
        double base = median(baseline);
        double plan = median(decide);
        System.out.printf("planner decision (every-field pool): median %.2f us per decision; baseline (reactive "
                + "metrics only) %.2f us; target <= 50 us%n", plan, base);
    }

    private static Forecast forecast(Instant origin, double level) {
        int h = 10;
        double[] point = new double[h];
        StepDistribution[] d = new StepDistribution[h];
        double[] conf = new double[h];
        for (int s = 0; s < h; s++) {
            double p = level + 5 * s;
            point[s] = p;
            d[s] = q -> p * (0.5 + q);
            conf[s] = 0.85;
        }
        return Forecast.of(origin, Duration.ofMinutes(1), point, d, conf, ForecastMethod.FOREST, "");
    }

    /** Median microseconds per call over batches, after a warm-up. */
    private static double median(Runnable r) {
        for (int i = 0; i < 20_000; i++) {
            r.run();
        }
        double[] perCall = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            long t = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                r.run();
            }
            perCall[b] = (System.nanoTime() - t) / 1e3 / BATCH;
        }
        Arrays.sort(perCall);
        return perCall[BATCHES / 2];
    }
}
