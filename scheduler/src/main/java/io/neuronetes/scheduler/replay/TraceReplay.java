package io.neuronetes.scheduler.replay;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.eval.EvaluationDays;
import io.neuronetes.scheduler.plan.Decision;
import io.neuronetes.scheduler.plan.Planner;
import io.neuronetes.scheduler.plan.PoolState;
import io.neuronetes.scheduler.plan.Reason;
import io.neuronetes.scheduler.plan.ReasonCode;
import io.neuronetes.scheduler.plan.Signals;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricType;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Replays a trace through a trainer and the planner the way production runs them: on each evaluation day (the
 * bench's choice, the last whole days) a model is trained once on the previous {@code historyDays} (its lag
 * features may read up to a week before them, as production reads 14 days of raw samples); at each step
 * start t the planner decides with the live value of the step before (t - step) and a forecast made at origin
 * t - step from the values up to it (a window of the last 15 days, so nothing after the origin can be read). The
 * first decision's replicas start ready, as in the bench. Each model is trained for the pool's
 * {@code predictive.horizonMinutes} in steps, raised to the cold-start lead plus one step when shorter (the planner
 * looks that far ahead). Models are immutable, so a day's forecasts are made in parallel before its decisions,
 * which run in order. A forecast that fails leaves the planner to its other
 * inputs for that step. Stateless; does not mutate its inputs.
 */
public final class TraceReplay {

    private static final Logger LOG = System.getLogger(TraceReplay.class.getName());
    private static final int WINDOW_DAYS = 15;
    /** Days before the training window that lag features may read (a week lag needs a week). */
    private static final int LAG_DAYS = 7;

    private TraceReplay() {
    }

    /**
     * Replays {@code series} for {@code pool} (see {@link SimulationPool#adapt}, applied here).
     *
     * @throws IllegalArgumentException when the trace has too few whole days for the evaluation and history, or
     *                                  its step does not divide a day
     */
    public static ReplayResult run(TimeSeries series, Trainer trainer, AgentPool pool, ReplayOptions options) {
        return run(series, trainer, pool, options, StepListener.NONE);
    }

    /** {@link #run(TimeSeries, Trainer, AgentPool, ReplayOptions)}, telling {@code listener} of every decision. */
    public static ReplayResult run(TimeSeries series, Trainer trainer, AgentPool pool, ReplayOptions options,
            StepListener listener) {
        AgentPool p = SimulationPool.adapt(pool, options);
        EvaluationDays days = EvaluationDays.of(series, options.evalDays(), options.historyDays());
        Loop loop = new Loop(series, p, options, days.stepsPerDay(), listener);
        for (int k = 0; k < days.count(); k++) {
            long t0 = System.nanoTime();
            int lagFrom = Math.max(0, days.historyStart(k) - LAG_DAYS * days.stepsPerDay());
            ForecastModel model = loop.predictive ? trainer.train(series.slice(lagFrom, days.firstStep(k)),
                    series.time(days.historyStart(k)), loop.horizon) : null;
            loop.trainingNanos += System.nanoTime() - t0;
            loop.trainings += model == null ? 0 : 1;
            Forecast[] forecasts = loop.forecasts(model, days.firstStep(k), days.stepsPerDay());
            loop.models.add(describe(forecasts));
            for (int j = 0; j < days.stepsPerDay(); j++) {
                loop.step(forecasts[j], days.firstStep(k) + j);
            }
        }
        return loop.result(series, days.firstStep(0), days.stepsPerDay());
    }

    /** The note (else the method) of a day's forecasts (the first that did not fail), for its line in the figures. */
    private static String describe(Forecast[] forecasts) {
        for (Forecast f : forecasts) {
            if (f != null) {
                // The note names the model and says why it is the one used; a forecast without one, its method.
                return f.note().isEmpty() ? f.method().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        : f.note();
            }
        }
        return "no forecast";
    }

    /** The per-step loop and its tallies. */
    private static final class Loop {
        final TimeSeries series;
        final AgentPool pool;
        final MetricType metric;
        final boolean predictive;
        final int horizon;
        final int lead;
        final int window;
        final double level;
        final int[] provisioned;
        final Map<ReasonCode, Integer> reasons = new EnumMap<>(ReasonCode.class);
        final List<String> models = new ArrayList<>();
        int first = -1;
        int k;
        PoolState state;
        long trainingNanos;
        long forecastNanos;
        long planningNanos;
        int trainings;
        int[] covered = new int[2];
        int[] scored = new int[2];
        final double capacity;
        final StepListener listener;

        Loop(TimeSeries series, AgentPool pool, ReplayOptions options, int stepsPerDay, StepListener listener) {
            this.listener = listener;
            this.series = series;
            this.pool = pool;
            this.metric = SimulationPool.loadMetric(pool);
            this.predictive = pool.autoscaling().predictive().enabled();
            Duration step = series.step();
            this.lead = (int) Math.ceil(options.coldStart().toNanos() / (double) step.toNanos() - 1e-9);
            long horizonSteps = Duration.ofMinutes(pool.autoscaling().predictive().horizonMinutes()).toNanos()
                    / step.toNanos();
            this.horizon = (int) Math.max(lead + 1, horizonSteps);
            this.window = WINDOW_DAYS * stepsPerDay;
            this.level = pool.slo().availabilityPercent() / 100.0;
            this.provisioned = new int[options.evalDays() * stepsPerDay];
            this.capacity = options.capacity();
        }

        /**
         * The forecasts of {@code n} steps from {@code first}, each made at the origin one step before it. They do
         * not depend on one another nor on the decisions, so they are computed in parallel; each still reads only
         * the values up to its own origin.
         */
        Forecast[] forecasts(ForecastModel model, int first, int n) {
            if (model == null) {
                return new Forecast[n];
            }
            long t0 = System.nanoTime();
            Forecast[] out = IntStream.range(0, n).parallel().mapToObj(j -> forecast(model, first + j - 1))
                    .toArray(Forecast[]::new);
            forecastNanos += System.nanoTime() - t0;
            return out;
        }

        void step(Forecast f, int i) {
            Instant t = series.time(i);
            if (first < 0) {
                first = i;
                double v = series.value(i - 1);
                int start = Double.isNaN(v) ? pool.minReplicas() : (int) Math.ceil(v / capacity - 1e-9);
                state = PoolState.initial(Math.max(pool.minReplicas(), Math.min(pool.maxReplicas(), start)), 0);
            }
            Signals signals = Signals.none().with(metric, series.value(i - 1));
            long t0 = System.nanoTime();
            Decision d = Planner.plan(state, signals, f, pool, t);
            planningNanos += System.nanoTime() - t0;
            state = k == 0 ? allReady(d.state()) : d.state();
            listener.step(k, series.value(i), f, d);
            provisioned[k++] = d.provisioned();
            for (Reason r : d.reasons()) {
                reasons.merge(r.code(), 1, Integer::sum);
            }
            if (f != null) {
                cover(0, f, 1, i);
                cover(1, f, lead + 1, i + lead);
            }
        }

        private Forecast forecast(ForecastModel model, int origin) {
            try {
                TimeSeries upToOrigin = series.slice(Math.max(0, origin + 1 - window), origin + 1);
                return model.forecast(upToOrigin, series.time(origin), horizon);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "forecast at {0} failed: {1}", series.time(origin), e.getMessage());
                return null;
            }
        }

        private void cover(int which, Forecast f, int h, int target) {
            if (h > f.horizon() || target >= series.size() || Double.isNaN(series.value(target))) {
                return;
            }
            scored[which]++;
            covered[which] += series.value(target) <= f.quantile(h, level) ? 1 : 0;
        }

        /** The bench starts every policy warm: the first decision's replicas are ready at once. */
        private PoolState allReady(PoolState s) {
            return new PoolState(s.target(), s.serving() + s.startingCount(), s.warm(), java.util.List.of(),
                    s.recommendations(), s.events(), s.lastScale(), s.lastActivation(), s.headroomSince(),
                    s.budgetDay(), s.spentToday(), s.lastDecision(), s.costPerHour());
        }

        ReplayResult result(TimeSeries s, int start, int stepsPerDay) {
            int n = provisioned.length;
            double[] demand = new double[n];
            double[] ahead = new double[Math.min(s.size() - start, n + lead)];
            for (int j = 0; j < ahead.length; j++) {
                ahead[j] = s.value(start + j);
                if (j < n) {
                    demand[j] = ahead[j];
                }
            }
            long stepSeconds = s.stepSeconds();
            double cold = pool.coldStart().toNanos() / 1e9;
            int[] oracle = BenchReplay.oracle(ahead, n, stepSeconds, cold, capacity, pool.minReplicas(),
                    pool.maxReplicas());
            double oracleGpuHours = BenchReplay.score(demand, oracle, stepSeconds, cold, capacity, Double.NaN)
                    .gpuHours();
            double[] ready = BenchReplay.ready(demand, provisioned, stepSeconds, cold);
            ReplayScore score = BenchReplay.score(demand, provisioned, ready, stepSeconds, capacity, oracleGpuHours);
            return new ReplayResult(s.time(start), s.step(), demand, provisioned.clone(), ready, score,
                    oracleGpuHours, reasons, level, ratio(0), ratio(1), horizon, trainings,
                    Duration.ofNanos(trainingNanos), Duration.ofNanos(forecastNanos), Duration.ofNanos(planningNanos),
                    days(s, start, stepsPerDay, demand, ready, oracle));
        }

        /** Each evaluation day's figures, from one replay of the whole window (they add up to the totals). */
        private List<DayFigures> days(TimeSeries s, int start, int stepsPerDay, double[] demand, double[] ready,
                int[] oracle) {
            double hoursPerStep = s.stepSeconds() / 3600.0;
            List<DayFigures> out = new ArrayList<>();
            for (int d = 0; d < models.size(); d++) {
                int steps = 0;
                int violated = 0;
                long replicas = 0;
                long oracleReplicas = 0;
                for (int k = d * stepsPerDay; k < (d + 1) * stepsPerDay; k++) {
                    replicas += provisioned[k];
                    oracleReplicas += oracle[k];
                    if (!Double.isNaN(demand[k])) {
                        steps++;
                        violated += BenchReplay.violated(demand[k], ready[k], capacity) ? 1 : 0;
                    }
                }
                out.add(new DayFigures(s.time(start + d * stepsPerDay), steps, violated, replicas * hoursPerStep,
                        oracleReplicas * hoursPerStep, models.get(d)));
            }
            return List.copyOf(out);
        }

        private double ratio(int which) {
            return scored[which] == 0 ? Double.NaN : (double) covered[which] / scored[which];
        }
    }
}
