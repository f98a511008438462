package io.neuronetes.service.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scaling notebook's headline figures recomputed from the simulate CSV, the oracle's decisions and the trace,
 * by the replay rules of the bench README: the first evaluated step starts warm, growth requested at t is ready
 * from t + cold start (for the ready fraction of its step), shrinking drops the youngest replicas at once; a step
 * is violated when demand > ready x capacity; GPU-hours = sum of provisioned x step / 3600.
 */
final class ScalingFigures {

    private static final double EPS = 1e-9;

    private ScalingFigures() {
    }

    /**
     * @param config the {@code config} object of the bench JSON: evaluation window, capacity and cold start
     */
    static Map<String, Double> recompute(TraceSeries trace, Path simulateCsv, Path oracleCsv, JsonNode config)
            throws IOException {
        long step = trace.stepSeconds();
        long start = Long.parseLong(config.path("eval_days").path(0).asText());
        int steps = config.path("eval_steps").asInt();
        double capacity = config.path("capacity").asDouble();
        double coldSeconds = config.path("cold_start_minutes").asDouble() * 60;
        int[] counts = sample(simulateCsv, start, step, steps);
        double[] ready = replay(counts, step, coldSeconds);
        int violated = 0;
        int scored = 0;
        int events = 0;
        double unserved = 0;
        double demandSum = 0;
        for (int k = 0; k < steps; k++) {
            double demand = trace.at(start + k * step);
            events += k > 0 && counts[k] != counts[k - 1] ? 1 : 0;
            if (Double.isNaN(demand)) {
                continue;
            }
            double served = ready[k] * capacity;
            scored++;
            violated += demand > served * (1 + EPS) + EPS ? 1 : 0;
            unserved += Math.max(0, demand - served);
            demandSum += demand;
        }
        double gpuHours = gpuHours(counts, step);
        double oracleGpuHours = gpuHours(sample(oracleCsv, start, step, steps), step);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("steps", (double) steps);
        figures.put("violation_pct", 100.0 * violated / scored);
        figures.put("unserved_pct", 100 * unserved / demandSum);
        figures.put("gpu_hours", gpuHours);
        figures.put("cost_ratio", gpuHours / oracleGpuHours);
        figures.put("scale_events", (double) events);
        figures.put("oracle_gpu_hours", oracleGpuHours);
        return figures;
    }

    /** The replicas in force at each evaluated step start: the last row at or before it (rows may be sparse). */
    static int[] sample(Path csvFile, long start, long step, int steps) throws IOException {
        SimpleCsv csv = SimpleCsv.read(csvFile);
        TreeMap<Long, Integer> rows = new TreeMap<>();
        for (int row = 0; row < csv.size(); row++) {
            rows.put(csv.seconds(row, "timestamp"), (int) csv.number(row, "replicas"));
        }
        int[] counts = new int[steps];
        for (int k = 0; k < steps; k++) {
            Map.Entry<Long, Integer> row = rows.floorEntry(start + k * step);
            if (row == null) {
                throw new IllegalArgumentException(csvFile + ": no row at or before the first evaluated step " + start);
            }
            counts[k] = row.getValue();
        }
        return counts;
    }

    /** Time-averaged ready replicas per step; the replicas are a stack of (requested at, count), oldest first. */
    static double[] replay(int[] counts, long step, double coldSeconds) {
        List<double[]> stack = new ArrayList<>();
        if (counts[0] > 0) {
            stack.add(new double[] {Double.NEGATIVE_INFINITY, counts[0]});
        }
        int total = counts[0];
        double[] ready = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            double now = (double) k * step;
            if (counts[k] > total) {
                stack.add(new double[] {now, counts[k] - total});
            }
            for (int excess = total - counts[k]; excess > 0;) {
                double[] youngest = stack.get(stack.size() - 1);
                int take = (int) Math.min(excess, youngest[1]);
                youngest[1] -= take;
                excess -= take;
                if (youngest[1] == 0) {
                    stack.remove(stack.size() - 1);
                }
            }
            total = counts[k];
            for (double[] entry : stack) {
                double fraction = (now - entry[0] + step - coldSeconds) / step;
                ready[k] += entry[1] * Math.min(1.0, Math.max(0.0, fraction));
            }
        }
        return ready;
    }

    private static double gpuHours(int[] counts, long step) {
        long replicaSteps = 0;
        for (int count : counts) {
            replicaSteps += count;
        }
        return replicaSteps * step / 3600.0;
    }
}
