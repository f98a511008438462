package io.neuronetes.scheduler.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * The cold-start replay rules of {@code ../shared/bench/scaling_score.py}, so that the simulator reports the
 * figures the bench will: replicas requested at t are ready from t + cold start; shrinking removes the youngest
 * first and they stop counting at once; ready(step) is the time-average of ready replicas over the step; the
 * first evaluated step starts with all its replicas ready; a step is violated if demand &gt; ready * capacity;
 * gaps (NaN demand) are not scored but cost.
 */
public final class BenchReplay {

    private static final double EPS = 1e-9;

    private BenchReplay() {
    }

    /**
     * Replays {@code provisioned} (one count per evaluated step) against {@code demand} (the same steps).
     *
     * @param stepSeconds   grid step
     * @param coldSeconds   cold start
     * @param capacity      demand one ready replica serves per step
     * @param oracleGpuHours the oracle's GPU-hours for the cost ratio, or NaN
     */
    public static ReplayScore score(double[] demand, int[] provisioned, long stepSeconds, double coldSeconds,
            double capacity, double oracleGpuHours) {
        return score(demand, provisioned, ready(demand, provisioned, stepSeconds, coldSeconds), stepSeconds, capacity,
                oracleGpuHours);
    }

    /** The same, from the ready replicas of each step that {@link #ready} gave for {@code provisioned}. */
    public static ReplayScore score(double[] demand, int[] provisioned, double[] readyAt, long stepSeconds,
            double capacity, double oracleGpuHours) {
        int steps = 0;
        int violated = 0;
        double unserved = 0;
        double total = 0;
        long sum = 0;
        int peak = 0;
        int ups = 0;
        int downs = 0;
        for (int k = 0; k < demand.length; k++) {
            if (k > 0) {
                ups += provisioned[k] > provisioned[k - 1] ? 1 : 0;
                downs += provisioned[k] < provisioned[k - 1] ? 1 : 0;
            }
            sum += provisioned[k];
            peak = Math.max(peak, provisioned[k]);
            if (!Double.isNaN(demand[k])) {
                double served = readyAt[k] * capacity;
                steps++;
                violated += violated(demand[k], readyAt[k], capacity) ? 1 : 0;
                unserved += Math.max(0, demand[k] - served);
                total += demand[k];
            }
        }
        double gpuHours = sum * (double) stepSeconds / 3600;
        return new ReplayScore(steps, steps == 0 ? 0 : 100.0 * violated / steps, total > 0 ? 100 * unserved / total
                : 0, gpuHours, oracleGpuHours > 0 ? gpuHours / oracleGpuHours : Double.NaN, ups + downs, ups, downs,
                (double) sum / demand.length, peak);
    }

    /**
     * The time-averaged ready replicas of each step when {@code provisioned} is replayed from a warm start.
     *
     * @throws IllegalArgumentException unless demand and provisioned hold one value per step, at least one
     */
    public static double[] ready(double[] demand, int[] provisioned, long stepSeconds, double coldSeconds) {
        if (demand.length != provisioned.length || demand.length == 0) {
            throw new IllegalArgumentException("demand and provisioned need one value per step, at least one");
        }
        Cluster cluster = new Cluster(provisioned[0], coldSeconds, stepSeconds);
        double[] out = new double[provisioned.length];
        for (int k = 0; k < provisioned.length; k++) {
            double now = (double) k * stepSeconds;
            if (k > 0) {
                cluster.resize(provisioned[k], now);
            }
            out[k] = cluster.ready(now);
        }
        return out;
    }

    /** Whether a step with this demand and these ready replicas is violated (demand &gt; ready * capacity). */
    public static boolean violated(double demand, double ready, double capacity) {
        return demand > ready * capacity * (1 + EPS) + EPS;
    }

    /**
     * The bench's oracle: at step k, the largest need over steps k .. k + ceil(cold / step), need =
     * ceil(demand / capacity) clamped to [min, max], a gap counting as min. {@code demand} may run past the
     * evaluated steps (the oracle looks ahead); only the first {@code steps} counts are returned.
     */
    public static int[] oracle(double[] demand, int steps, long stepSeconds, double coldSeconds, double capacity,
            int min, int max) {
        int lead = (int) Math.ceil(coldSeconds / stepSeconds - EPS);
        int[] need = new int[demand.length];
        for (int i = 0; i < demand.length; i++) {
            need[i] = Double.isNaN(demand[i]) ? min
                    : (int) Math.min(max, Math.max(min, Math.ceil(demand[i] / capacity - EPS)));
        }
        int[] out = new int[steps];
        for (int k = 0; k < steps; k++) {
            int m = 0;
            for (int j = k; j <= Math.min(k + lead, demand.length - 1); j++) {
                m = Math.max(m, need[j]);
            }
            out[k] = m;
        }
        return out;
    }

    /**
     * Replicas as a stack of (request time, count), oldest first, as the bench's Cluster: a replica is ready a cold
     * start after its request (time-averaged over the step), and scaling down removes the youngest first.
     */
    static final class Cluster {
        private final List<double[]> stack = new ArrayList<>();
        private final double cold;
        private final double step;
        private int total;

        Cluster(int warm, double cold, double step) {
            if (warm > 0) {
                stack.add(new double[] {Double.NEGATIVE_INFINITY, warm});
            }
            this.total = warm;
            this.cold = cold;
            this.step = step;
        }

        void resize(int n, double now) {
            if (n > total) {
                stack.add(new double[] {now, n - total});
            }
            int excess = total - n;
            while (excess > 0) {
                double[] top = stack.get(stack.size() - 1);
                int take = (int) Math.min(excess, top[1]);
                top[1] -= take;
                excess -= take;
                if (top[1] == 0) {
                    stack.remove(stack.size() - 1);
                }
            }
            total = n;
        }

        double ready(double now) {
            double ready = 0;
            int merged = 0;
            for (double[] e : stack) {
                double frac = (now - e[0] + step - cold) / step;
                ready += e[1] * Math.min(1.0, Math.max(0.0, frac));
                merged += frac >= 1.0 ? 1 : 0;
            }
            if (merged > 1) {
                // fully ready entries are the oldest: one entry keeps the stack short
                double oldest = 0;
                for (int i = 0; i < merged; i++) {
                    oldest += stack.get(i)[1];
                }
                stack.subList(0, merged).clear();
                stack.add(0, new double[] {Double.NEGATIVE_INFINITY, oldest});
            }
            return ready;
        }
    }
}
