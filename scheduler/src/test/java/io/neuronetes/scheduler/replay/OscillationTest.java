package io.neuronetes.scheduler.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.scheduler.spec.AgentPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Oscillation guard: a load that sits on a scaling threshold with noise around it must not make the planner flap.
 * Our planner (the replay's defaults, with and without prediction, at the bench's target of 100% of a replica's
 * capacity and at the HPA's 70%) against two reactive peers on the same traces,
 * all scored by the bench's rules ({@link BenchReplay#score}): the HPA of the bench ({@code scaling_score.py}'s
 * {@code Hpa}: target utilisation 0.7 of the previous step's ready replicas, tolerance 0.1, scale-down
 * stabilisation 300 s, scale-up limit max(2x, +4)) and a naive reactive policy (ceil(demand / capacity) each step).
 */
class OscillationTest {

    static final Duration MINUTE = Duration.ofMinutes(1);
    static final double CAPACITY = 10;
    static final Duration COLD = Duration.ofMinutes(5);
    static final int EVAL_DAYS = 2;

    /**
     * Ten days at one-minute steps of a load of 100 +- 12 (uniform, seeded): 10 replicas of capacity 10 at its
     * centre, so every step sits within one replica of a threshold.
     */
    static TimeSeries onTheThreshold() {
        Random r = new Random(42);
        double[] v = new double[10 * 1440];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + (r.nextDouble() * 2 - 1) * 12;
        }
        return TimeSeries.of(Instant.parse("2024-03-01T00:00:00Z"), MINUTE, v);
    }

    static ReplayOptions options() {
        return new ReplayOptions(CAPACITY, COLD, Double.NaN, EVAL_DAYS, 7);
    }

    /**
     * Ten days of a load that sweeps slowly between 40 and 160 once a day, with the same noise: it lingers at every
     * replica threshold of every policy (ours at multiples of 10, the HPA's at its band edges) twice a day.
     */
    static TimeSeries sweepingThresholds() {
        Random r = new Random(43);
        double[] v = new double[10 * 1440];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 60 * Math.sin(2 * Math.PI * i / 1440.0) + (r.nextDouble() * 2 - 1) * 12;
        }
        return TimeSeries.of(Instant.parse("2024-03-01T00:00:00Z"), MINUTE, v);
    }

    /**
     * Scale events and cost of each policy on one trace: our planner with and without prediction at the bench's
     * metric target (the capacity, 100% utilisation) and at the HPA's 70% (target 7 per replica of capacity 10),
     * the bench's HPA and the naive reactive policy; all scored at capacity 10.
     */
    record Figures(String trace, ReplayScore predicted, ReplayScore reactive, ReplayScore predicted70,
            ReplayScore reactive70, ReplayScore hpa, ReplayScore naive) {
        void print() {
            System.out.printf(java.util.Locale.ROOT, "Oscillation, %s (%d steps, capacity 10, cold start 5m), scale "
                    + "events / violated steps %% / GPU-hours:%n  planner at 100%%: with prediction %s, reactive %s%n"
                    + "  planner at 70%%:  with prediction %s, reactive %s%n  bench HPA (70%%): %s%n  naive reactive: "
                    + "%s%n", trace, predicted.steps(), f(predicted), f(reactive), f(predicted70), f(reactive70),
                    f(hpa), f(naive));
        }

        static String f(ReplayScore s) {
            return String.format(java.util.Locale.ROOT, "%d / %.2f / %.1f", s.scaleEvents(), s.violationPct(),
                    s.gpuHours());
        }
    }

    static Figures figures(String name, TimeSeries trace) {
        ReplayResult[] full = ours(trace, CAPACITY);
        ReplayResult[] seventy = ours(trace, CAPACITY * 0.7);
        int first = trace.indexOf(full[0].firstStep());
        double[] demand = Arrays.copyOfRange(trace.values(), first, trace.size());
        Figures f = new Figures(name, full[0].score(), full[1].score(), score(demand, seventy[0].provisioned()),
                score(demand, seventy[1].provisioned()), score(demand, hpa(trace.values(), first)),
                score(demand, naive(trace.values(), first)));
        f.print();
        return f;
    }

    /** Our planner with and without prediction, its metric target {@code target} per replica. */
    static ReplayResult[] ours(TimeSeries trace, double target) {
        ReplayOptions o = new ReplayOptions(target, COLD, Double.NaN, EVAL_DAYS, 7);
        AgentPool predictive = SimulationPool.defaults(o, MINUTE);
        AgentPool reactive = TraceReplayTest.withoutPrediction(predictive);
        ReplayResult p = TraceReplay.run(trace, new SeasonalNaiveTrainer(0, 0.9), predictive, o);
        ReplayResult r = TraceReplay.run(trace, new SeasonalNaiveTrainer(0, 0.9), reactive, o);
        assertThat(p.steps()).isEqualTo(EVAL_DAYS * 1440);
        return new ReplayResult[] {p, r};
    }

    @Test
    void loadOnAThresholdDoesNotMakeThePlannerFlap() {
        Figures flat = figures("load 100 +- 12", onTheThreshold());
        Figures sweep = figures("load 100 +- 60 daily sine +- 12", sweepingThresholds());
        for (Figures f : List.of(flat, sweep)) {
            // The load does cross thresholds: a policy that follows every step changes most steps.
            assertThat(f.naive().scaleEvents()).as(f.trace()).isGreaterThan(1500);
            // Our planner changes at most a tenth as often as the naive reactive policy, at either target.
            for (ReplayScore s : List.of(f.predicted(), f.reactive(), f.predicted70(), f.reactive70())) {
                assertThat(s.scaleEvents()).as(f.trace()).isLessThanOrEqualTo(f.naive().scaleEvents() / 10);
            }
            // Given the HPA's headroom (70% target) it changes about as often as the bench's HPA, or less.
            assertThat(f.reactive70().scaleEvents()).as(f.trace())
                    .isLessThanOrEqualTo(f.hpa().scaleEvents() * 5 / 4 + 2);
            assertThat(f.predicted70().scaleEvents()).as(f.trace())
                    .isLessThanOrEqualTo(f.hpa().scaleEvents() * 5 / 4 + 2);
        }
        // Sitting on the threshold with that headroom: no more than one change in six hours.
        assertThat(flat.reactive70().scaleEvents()).isLessThanOrEqualTo(EVAL_DAYS * 4);
        assertThat(flat.predicted70().scaleEvents()).isLessThanOrEqualTo(EVAL_DAYS * 4);
        // At 100% the noise (+- 12%) is wider than the 10% tolerance band: the planner reactive changes at most
        // twice an hour, where the naive policy changes most minutes.
        assertThat(flat.reactive().scaleEvents()).isLessThanOrEqualTo(EVAL_DAYS * 48);
    }

    static ReplayScore score(double[] demand, int[] provisioned) {
        return BenchReplay.score(demand, provisioned, MINUTE.getSeconds(), COLD.getSeconds(), CAPACITY, Double.NaN);
    }

    /** ceil(previous step's demand / capacity), every step. */
    static int[] naive(double[] demand, int first) {
        int[] out = new int[demand.length - first];
        for (int k = 0; k < out.length; k++) {
            out[k] = clamp((int) Math.ceil(demand[first + k - 1] / CAPACITY - 1e-9));
        }
        return out;
    }

    /** The bench's HPA, step by step, with the bench's model of replicas becoming ready after the cold start. */
    static int[] hpa(double[] demand, int first) {
        final double target = 0.7;
        final double tolerance = 0.1;
        final long downWindow = 300;
        long step = MINUTE.getSeconds();
        long cold = COLD.getSeconds();
        int[] out = new int[demand.length - first];
        Deque<long[]> recs = new ArrayDeque<>(); // (time, raw)
        int current = clamp((int) Math.ceil(demand[first - 1] / (CAPACITY * target) - 1e-9));
        recs.add(new long[] {first * step, current});
        BenchReplay.Cluster cluster = new BenchReplay.Cluster(current, cold, step);
        double ready = cluster.ready(first * step);
        out[0] = current;
        for (int k = 1; k < out.length; k++) {
            long now = (first + k) * step;
            double prev = demand[first + k - 1];
            int raw;
            if (ready <= 1e-9) {
                raw = prev > 0 ? (int) Math.ceil(prev / (CAPACITY * target) - 1e-9) : current;
            } else {
                double ratio = prev / (ready * CAPACITY) / target;
                raw = Math.abs(ratio - 1) <= tolerance ? current : (int) Math.ceil(prev / (CAPACITY * target) - 1e-9);
            }
            recs.add(new long[] {now, raw});
            while (recs.peekFirst()[0] <= now - downWindow) {
                recs.pollFirst();
            }
            long down = recs.stream().mapToLong(x -> x[1]).max().orElse(raw);
            int n = (int) Math.min(Math.max(current, raw), down);
            if (n > current) {
                n = Math.min(n, Math.max(2 * current, current + 4));
            }
            n = clamp(n);
            cluster.resize(n, now);
            current = n;
            ready = cluster.ready(now);
            out[k] = n;
        }
        return out;
    }

    private static int clamp(int n) {
        return Math.max(1, Math.min(1000, n));
    }
}
