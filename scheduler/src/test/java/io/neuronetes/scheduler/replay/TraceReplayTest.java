package io.neuronetes.scheduler.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.scheduler.plan.ReasonCode;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.Autoscaling;
import io.neuronetes.scheduler.spec.Predictive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class TraceReplayTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /**
     * Ten days at one-minute steps: 30 per minute at night, 200 from 08:00 to 18:00, with a small deterministic
     * wobble. Capacity 10: 3 replicas at night, 20 by day.
     */
    static TimeSeries stepTrace() {
        int n = 10 * 1440;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int minute = i % 1440;
            double base = minute >= 8 * 60 && minute < 18 * 60 ? 200 : 30;
            v[i] = base - (i * 7 % 5);
        }
        return TimeSeries.of(Instant.parse("2024-03-01T00:00:00Z"), MINUTE, v);
    }

    private static ReplayOptions options() {
        return new ReplayOptions(10, Duration.ofMinutes(5), 99.5, 3, 7);
    }

    @Test
    void thePredictivePlanAvoidsTheViolationsOfTheReactivePlan() {
        TimeSeries trace = stepTrace();
        AgentPool predictive = SimulationPool.defaults(options(), MINUTE);
        AgentPool reactive = withoutPrediction(predictive);

        ReplayResult p = TraceReplay.run(trace, new SeasonalNaiveTrainer(0, 0.9), predictive, options());
        ReplayResult r = TraceReplay.run(trace, new SeasonalNaiveTrainer(0, 0.9), reactive, options());

        // The reactive plan sees the 08:00 jump at 08:01 and its replicas serve from 08:06: 08:00..08:05 violated.
        assertThat(r.score().violationPct()).isGreaterThan(0);
        long reactiveViolations = Math.round(r.score().violationPct() * r.score().steps() / 100);
        assertThat(reactiveViolations).isEqualTo(3 * 6); // 3 days * 6 steps
        assertThat(p.score().violationPct()).isZero();
        assertThat(p.reasons()).containsKey(ReasonCode.PREDICTED);
        assertThat(p.trainings()).isEqualTo(3);
        assertThat(r.trainings()).isZero();
        // The prediction costs little more than the oracle: both order 20 replicas five minutes ahead.
        assertThat(p.score().costRatio()).isBetween(1.0, 1.05);
    }

    @Test
    void aListenerHearsEveryDecisionInOrderAndChangesNothing() {
        AgentPool pool = SimulationPool.defaults(options(), MINUTE);
        List<Integer> steps = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        List<Double> demands = new ArrayList<>();
        int[] withForecast = new int[1];
        ReplayResult heard = TraceReplay.run(stepTrace(), new SeasonalNaiveTrainer(0, 0.9), pool, options(),
                (k, demand, forecast, decision) -> {
                    steps.add(k);
                    counts.add(decision.provisioned());
                    times.add(decision.at());
                    demands.add(demand);
                    withForecast[0] += forecast == null ? 0 : 1;
                });
        ReplayResult plain = TraceReplay.run(stepTrace(), new SeasonalNaiveTrainer(0, 0.9), pool, options());

        assertThat(heard.provisioned()).containsExactly(plain.provisioned());
        assertThat(steps).hasSize(heard.steps());
        for (int k = 0; k < heard.steps(); k++) {
            assertThat(steps.get(k)).isEqualTo(k);
            assertThat(counts.get(k)).isEqualTo(heard.provisioned()[k]);
            assertThat(times.get(k)).isEqualTo(heard.time(k));
            assertThat(demands.get(k)).isEqualTo(heard.demand()[k]);
        }
        assertThat(withForecast[0]).isEqualTo(heard.steps()); // a forecast at every step of a predictive pool
    }

    @Test
    void theProvisionedPlanCoversTheEvaluationDaysAndMatchesTheBenchOracle() {
        ReplayResult p = TraceReplay.run(stepTrace(), new SeasonalNaiveTrainer(0, 0.9),
                SimulationPool.defaults(options(), MINUTE), options());
        assertThat(p.steps()).isEqualTo(3 * 1440);
        assertThat(p.firstStep()).isEqualTo(Instant.parse("2024-03-08T00:00:00Z"));
        // Oracle: 20 replicas from 07:55 to 17:59, else 3: per day 605 * 20 + 835 * 3 = 14605 replica-minutes
        assertThat(p.oracleGpuHours()).isEqualTo(3 * 14605 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void eachEvaluationDayHasItsFiguresAndTheyAddUpToTheTotals() {
        TimeSeries trace = stepTrace();
        AgentPool reactive = withoutPrediction(SimulationPool.defaults(options(), MINUTE));
        ReplayResult r = TraceReplay.run(trace, new SeasonalNaiveTrainer(0, 0.9), reactive, options());
        ReplayResult p = TraceReplay.run(trace, new SeasonalNaiveTrainer(0, 0.9),
                SimulationPool.defaults(options(), MINUTE), options());

        assertThat(r.days()).extracting(DayFigures::start).containsExactly(Instant.parse("2024-03-08T00:00:00Z"),
                Instant.parse("2024-03-09T00:00:00Z"), Instant.parse("2024-03-10T00:00:00Z"));
        for (DayFigures d : r.days()) {
            // the reactive plan misses 08:00 to 08:05 every day; it predicts nothing
            assertThat(d.violated()).as("%s", d.start()).isEqualTo(6);
            assertThat(d.steps()).isEqualTo(1440);
            assertThat(d.violationPct()).isEqualTo(100.0 * 6 / 1440);
            assertThat(d.oracleGpuHours()).isEqualTo(14605 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(d.model()).isEqualTo("no forecast");
        }
        for (ReplayResult x : List.of(r, p)) {
            assertThat(x.days().stream().mapToDouble(DayFigures::gpuHours).sum())
                    .isEqualTo(x.score().gpuHours(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(x.days().stream().mapToDouble(DayFigures::oracleGpuHours).sum())
                    .isEqualTo(x.oracleGpuHours(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(x.days().stream().mapToInt(DayFigures::violated).sum())
                    .isEqualTo(Math.round(x.score().violationPct() * x.score().steps() / 100));
        }
        // the test trainer's forecasts carry no note: the day names their method
        assertThat(p.days()).extracting(DayFigures::model).containsOnly("seasonal naive");
    }

    @Test
    void everyForecastIsMadeOnceAtTheStepBeforeFromValuesUpToItsOrigin() {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        Trainer checking = new Trainer() {
            @Override
            public ForecastModel train(TimeSeries history, int horizon) {
                ForecastModel inner = new SeasonalNaiveTrainer(0, 0.9).train(history, horizon);
                return new ForecastModel() {
                    @Override
                    public Forecast forecast(TimeSeries s, Instant origin, int h) {
                        // the series handed over ends at the origin: nothing after it can be read
                        seen.add(origin + (s.time(s.size() - 1).equals(origin) ? "" : " reads past its origin"));
                        return inner.forecast(s, origin, h);
                    }

                    @Override
                    public int horizon() {
                        return inner.horizon();
                    }
                };
            }
        };
        ReplayResult p = TraceReplay.run(stepTrace(), checking, SimulationPool.defaults(options(), MINUTE), options());

        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 3 * 1440; k++) {
            expected.add(Instant.parse("2024-03-07T23:59:00Z").plus(MINUTE.multipliedBy(k)).toString());
        }
        // one forecast per step (made in parallel, so in any order), at the step before it
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(p.score().violationPct()).isZero();
    }

    @Test
    void lowConfidenceFallsBackToTheReactivePlan() {
        ReplayResult p = TraceReplay.run(stepTrace(), new SeasonalNaiveTrainer(0, 0.1),
                withConfidence(SimulationPool.defaults(options(), MINUTE), 0.7), options());
        assertThat(p.reasons()).containsKey(ReasonCode.LOW_CONFIDENCE).doesNotContainKey(ReasonCode.PREDICTED);
        assertThat(p.score().violationPct()).isGreaterThan(0);
    }

    static AgentPool withoutPrediction(AgentPool pool) {
        Predictive p = pool.autoscaling().predictive();
        return with(pool, new Predictive(false, p.lookbackWindow(), p.horizonMinutes(), p.minConfidence(),
                p.schedules()));
    }

    static AgentPool withConfidence(AgentPool pool, double min) {
        Predictive p = pool.autoscaling().predictive();
        return with(pool, new Predictive(true, p.lookbackWindow(), p.horizonMinutes(), min, p.schedules()));
    }

    private static AgentPool with(AgentPool pool, Predictive p) {
        Autoscaling a = pool.autoscaling();
        return pool.withAutoscaling(new Autoscaling(a.metrics(), a.strategy(), a.behavior(), a.cooldownPeriod(),
                a.useWarmPool(), a.replenishStrategy(), p, a.sloTarget(), a.costConstraints(), a.spotStrategy(),
                a.externalMetrics()));
    }
}
