package io.neuronetes.scheduler.replay;

/**
 * The bench's scores of one replayed policy (scaling_score.py's {@code metrics}).
 *
 * @param steps         evaluated steps whose demand is not a gap
 * @param violationPct  percent of those steps with demand &gt; ready * capacity
 * @param unservedPct   percent of demand above ready * capacity
 * @param gpuHours      provisioned replicas (starting ones included) times step, in hours
 * @param costRatio     gpuHours / the oracle's gpuHours (NaN when the oracle's is 0)
 * @param scaleEvents   steps whose provisioned count differs from the step before
 * @param scaleUps      of which increases
 * @param scaleDowns    of which decreases
 * @param meanReplicas  mean provisioned replicas
 * @param peakReplicas  largest provisioned replicas
 */
public record ReplayScore(int steps, double violationPct, double unservedPct, double gpuHours, double costRatio,
        int scaleEvents, int scaleUps, int scaleDowns, double meanReplicas, int peakReplicas) {
}
