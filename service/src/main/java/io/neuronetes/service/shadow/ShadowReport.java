package io.neuronetes.service.shadow;

import io.neuronetes.scheduler.replay.DayFigures;
import io.neuronetes.scheduler.replay.ReplayResult;
import io.neuronetes.scheduler.replay.ReplayScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/pools/{pool}/shadow}: the two policies' figures side by side, as the bench scores them (see
 * docs/api.md). NaN values are null.
 *
 * @param from            the first replayed step
 * @param to              the end of the last replayed step (exclusive)
 * @param capacity        the per-replica target of the replayed metric: load one ready replica serves
 * @param oracleGpuHours  GPU-hours of the bench's oracle (no violation, least cost) over the same steps
 * @param seconds         how long the two replays took
 * @param source          where the history came from (Prometheus URL or the demo replay)
 */
public record ShadowReport(String pool, String status, int days, Instant from, Instant to, long stepSeconds,
        String metric, double capacity, double coldStartSeconds, double availabilityPercent, double quantileLevel,
        int historyDays, String source, Instant computedAt, double seconds, Policy predictive, Policy reactive,
        Double oracleGpuHours, Series series) {

    /**
     * One policy's figures.
     *
     * @param steps            replayed steps with a recorded value (gaps are not scored)
     * @param violatedSteps    steps whose load exceeded ready replicas times the capacity
     * @param violatedMinutes  the same in minutes
     * @param unservedDemand   load above ready capacity, summed over the steps (metric units times steps)
     * @param gpuHours         provisioned replicas (starting and warm included) times time
     * @param costRatio        gpuHours over the oracle's
     * @param trainings        daily trainings run (0 with prediction off)
     * @param coverageLead     share of steps whose load stayed at or below the planning quantile forecast at the
     *                         cold-start lead (null with prediction off)
     * @param reasons          how many decisions carried each reason code
     * @param days             each replayed day's figures and the model that forecast it
     */
    public record Policy(int steps, int violatedSteps, double violatedMinutes, double violationPct,
            double unservedDemand, double unservedPct, double gpuHours, Double costRatio, int scaleEvents,
            int scaleUps, int scaleDowns, double meanReplicas, int peakReplicas, int trainings,
            double trainingSeconds, Double coverageLead, Map<String, Integer> reasons, List<Day> days) {

        static Policy of(ReplayResult r) {
            ReplayScore s = r.score();
            double total = 0;
            for (double d : r.demand()) {
                total += Double.isNaN(d) ? 0 : d;
            }
            int violated = (int) Math.round(s.violationPct() * s.steps() / 100.0);
            Map<String, Integer> reasons = new LinkedHashMap<>();
            r.reasons().forEach((code, n) -> reasons.put(code.name(), n));
            return new Policy(s.steps(), violated, violated * r.step().toSeconds() / 60.0, s.violationPct(),
                    s.unservedPct() * total / 100.0, s.unservedPct(), s.gpuHours(), num(s.costRatio()),
                    s.scaleEvents(), s.scaleUps(), s.scaleDowns(), s.meanReplicas(), s.peakReplicas(), r.trainings(),
                    r.trainingTime().toMillis() / 1000.0, num(r.coverageLead()), reasons,
                    r.days().stream().map(Day::of).toList());
        }
    }

    /**
     * One replayed day of a policy, scored over the whole replay (the days add up to the policy's figures).
     *
     * @param model the note of the day's forecasts (which model and why), or "no forecast" without prediction
     */
    public record Day(Instant start, int steps, int violatedSteps, double gpuHours, Double oracleGpuHours,
            Double costRatio, String model) {

        static Day of(DayFigures d) {
            return new Day(d.start(), d.steps(), d.violated(), d.gpuHours(), num(d.oracleGpuHours()),
                    num(d.costRatio()), d.model());
        }
    }

    /** Per step: the replayed load (null for gaps) and each policy's provisioned replicas. */
    public record Series(Instant start, long stepSeconds, List<Double> demand, int[] predictive, int[] reactive) {
    }

    static ShadowReport of(String pool, int days, ShadowReplay.Result r, double availabilityPercent, String source,
            Instant computedAt, Duration took) {
        ReplayResult on = r.predictive();
        ReplayResult off = r.reactive();
        List<Double> demand = new ArrayList<>(on.steps());
        for (double d : on.demand()) {
            demand.add(num(d));
        }
        return new ShadowReport(pool, "done", days, on.firstStep(), on.time(on.steps()), on.step().toSeconds(),
                r.metric().type().yamlName(), r.options().capacity(), r.options().coldStart().toMillis() / 1000.0,
                availabilityPercent, on.quantileLevel(), r.historyDays(), source, computedAt,
                took.toMillis() / 1000.0, Policy.of(on), Policy.of(off), num(on.oracleGpuHours()),
                new Series(on.firstStep(), on.step().toSeconds(), demand, on.provisioned(), off.provisioned()));
    }

    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
