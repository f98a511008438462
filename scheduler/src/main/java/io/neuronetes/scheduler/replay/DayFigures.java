package io.neuronetes.scheduler.replay;

import java.time.Instant;

/**
 * One evaluation day of a replay, scored with the bench's rules over the whole replay (replicas carried over from
 * the day before count as they are), so that the days add up to the totals.
 *
 * @param start          the day's first step
 * @param steps          its steps whose demand is not a gap
 * @param violated       of which demand &gt; ready * capacity
 * @param gpuHours       provisioned replicas (starting ones included) times step, in hours
 * @param oracleGpuHours the bench oracle's GPU-hours over the same steps
 * @param model          the note of the day's forecasts (which model, and why that one), or "no forecast" when
 *                       the pool does not predict or every forecast of the day failed
 */
public record DayFigures(Instant start, int steps, int violated, double gpuHours, double oracleGpuHours,
        String model) {

    /** Percent of the day's scored steps that were violated (0 without any). */
    public double violationPct() {
        return steps == 0 ? 0 : 100.0 * violated / steps;
    }

    /** GPU-hours over the oracle's (NaN when the oracle's are 0). */
    public double costRatio() {
        return oracleGpuHours > 0 ? gpuHours / oracleGpuHours : Double.NaN;
    }
}
