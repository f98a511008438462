package io.neuronetes.service.shadow;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.eval.EvaluationDays;
import io.neuronetes.scheduler.replay.ReplayOptions;
import io.neuronetes.scheduler.replay.ReplayResult;
import io.neuronetes.scheduler.replay.SimulationPool;
import io.neuronetes.scheduler.replay.TraceReplay;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.Autoscaling;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.scheduler.spec.Predictive;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A shadow replay: a pool's own recorded load replayed through {@link TraceReplay} (the engine of the
 * {@code simulate} command) twice, with prediction on (the pool's predictive settings, its confidence gate included,
 * trained daily on the days before) and with prediction off (live signal and schedules only). Everything else is the
 * pool's spec: limits, behaviour, warm pool, schedules, SLO availability, cold start. The replayed load is the pool's
 * forecast metric (its first additive metric, whose target is the per-replica capacity); other metrics are not
 * replayed. Framework-free and deterministic for the same history and trainer.
 */
public final class ShadowReplay {

    /** The most recent days a shadow replay may cover. */
    public static final int MAX_DAYS = 14;
    /** Extra days read before the training windows, for the forecasts' one-week lag features. */
    static final int LAG_DAYS = 7;

    private ShadowReplay() {
    }

    /** Both replays, with the settings they ran with. */
    public record Result(ReplayResult predictive, ReplayResult reactive, ReplayOptions options, MetricSpec metric,
            int historyDays) {
    }

    /**
     * Replays {@code history} for {@code pool}.
     *
     * @param history the pool's forecast metric on its grid (leading gaps are dropped first)
     * @throws ShadowException when the pool has no additive metric, or the history has too few whole days: fewer
     *                         than {@code days} plus the training window before them
     */
    public static Result run(TimeSeries history, AgentPool pool, int days, Trainer trainer) {
        MetricSpec metric = loadMetric(pool);
        int historyDays = historyDays(pool);
        ReplayOptions options = new ReplayOptions(metric.target().value(), pool.coldStart(), Double.NaN, days,
                historyDays);
        TimeSeries series = withoutLeadingGaps(history);
        try {
            EvaluationDays.of(series, days, historyDays);
        } catch (IllegalArgumentException e) {
            throw new ShadowException("history too short for a " + days + "-day shadow replay: it needs "
                    + (days + Math.max(EvaluationDays.MIN_DAYS_BEFORE, historyDays)) + " whole days (" + days
                    + " to replay, " + Math.max(EvaluationDays.MIN_DAYS_BEFORE, historyDays) + " of training before "
                    + "them); " + e.getMessage());
        }
        ReplayResult on = TraceReplay.run(series, trainer, withPrediction(pool, true), options);
        ReplayResult off = TraceReplay.run(series, trainer, withPrediction(pool, false), options);
        return new Result(on, off, options, metric, historyDays);
    }

    /**
     * The start of the history a replay of {@code days} days ending before {@code now} reads: UTC midnight of the
     * day {@code days + historyDays + 7} days before today's (the last whole day ends at today's midnight).
     */
    public static Instant historyStart(Instant now, int days, AgentPool pool) {
        int training = Math.max(EvaluationDays.MIN_DAYS_BEFORE, historyDays(pool));
        return now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days + training + LAG_DAYS));
    }

    /** The metric whose history is replayed: the pool's first additive metric. */
    public static MetricSpec loadMetric(AgentPool pool) {
        return pool.autoscaling().loadMetric().orElseThrow(() -> new ShadowException("the pool has no additive "
                + "metric (tokens-in-queue, concurrent-sessions, tokens-per-second, queue-depth or tool-call-rate) "
                + "whose history could be replayed"));
    }

    /** Days each daily training reads: the pool's {@code lookbackWindow} in whole days, at least one. */
    static int historyDays(AgentPool pool) {
        return SimulationPool.historyDays(pool);
    }

    /** {@code pool} with predictive scaling switched on or off, everything else unchanged. */
    public static AgentPool withPrediction(AgentPool pool, boolean enabled) {
        Autoscaling a = pool.autoscaling();
        Predictive p = a.predictive();
        Predictive q = new Predictive(enabled, p.lookbackWindow(), p.horizonMinutes(), p.minConfidence(),
                p.schedules());
        return pool.withAutoscaling(new Autoscaling(a.metrics(), a.strategy(), a.behavior(), a.cooldownPeriod(),
                a.useWarmPool(), a.replenishStrategy(), q, a.sloTarget(), a.costConstraints(), a.spotStrategy(),
                a.externalMetrics()));
    }

    /** The series from its first value on: a range query reaching before the data starts returns leading gaps. */
    static TimeSeries withoutLeadingGaps(TimeSeries s) {
        int first = 0;
        while (first < s.size() && Double.isNaN(s.value(first))) {
            first++;
        }
        if (first == s.size()) {
            throw new ShadowException("no recorded values in the history read");
        }
        return first == 0 ? s : s.slice(first, s.size());
    }
}
