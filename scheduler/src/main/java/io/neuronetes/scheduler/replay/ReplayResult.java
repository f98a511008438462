package io.neuronetes.scheduler.replay;

import io.neuronetes.scheduler.plan.ReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a replay decided and how it scores.
 *
 * @param firstStep         the time of the first evaluated step
 * @param step              the grid step
 * @param demand            demand of each evaluated step (NaN for gaps)
 * @param provisioned       replicas provisioned at each evaluated step (serving + warm + starting)
 * @param ready             replicas ready over each evaluated step as the bench counts them (a replica still starting
 *                          counts for the part of the step it is ready)
 * @param score             the bench's scores of {@code provisioned}
 * @param oracleGpuHours    the bench oracle's GPU-hours over the same steps
 * @param reasons           how many decisions carried each reason code
 * @param quantileLevel     the forecast quantile level the planner used
 * @param coverageNext      share of steps whose demand was at most the level quantile forecast one step ahead
 * @param coverageLead      the same for the forecast at the cold-start lead (h = lead steps + 1)
 * @param horizon           the steps each model was trained to forecast: the pool's horizonMinutes in steps, at
 *                          least the cold-start lead plus one
 * @param trainings         daily trainings run
 * @param trainingTime      time spent training
 * @param forecastTime      wall time spent forecasting (each day's forecasts are made in parallel)
 * @param planningTime      time spent in the planner
 * @param days              each evaluation day's figures and the model that forecast it
 */
public record ReplayResult(Instant firstStep, Duration step, double[] demand, int[] provisioned, double[] ready,
        ReplayScore score,
        double oracleGpuHours, Map<ReasonCode, Integer> reasons, double quantileLevel, double coverageNext,
        double coverageLead, int horizon, int trainings, Duration trainingTime, Duration forecastTime,
        Duration planningTime, List<DayFigures> days) {

    /** The number of evaluated steps. */
    public int steps() {
        return provisioned.length;
    }

    /** The start of evaluated step {@code k}. */
    public Instant time(int k) {
        return firstStep.plus(step.multipliedBy(k));
    }
}
