package io.neuronetes.service.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.actuation.WorkloadObservation;
import io.neuronetes.service.metrics.MetricOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The wall clock steps (NTP corrections, a VM resumed, an operator fixing the time) and daylight saving time: the
 * run loop neither storms (many runs at once after a step forward) nor stalls (no run until the clock catches up
 * after a step back), and a schedule across a DST change moves the floor once.
 */
class ClockJumpTest {

    static final Instant T0 = Instant.parse("2024-03-04T12:00:00Z");
    static final Duration PERIOD = Duration.ofSeconds(30);

    /** Ticks {@code loop} once a second of the test's clock from {@code from} for {@code seconds}. */
    static void tickFor(RunLoop loop, List<Instant> runs, Instant[] clock, int seconds) throws InterruptedException {
        for (int i = 0; i < seconds; i++) {
            int before = runs.size();
            loop.tick(clock[0]);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (loop.running("p") && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(runs.size() - before).as("runs started by one tick").isLessThanOrEqualTo(1);
            clock[0] = clock[0].plusSeconds(1);
        }
    }

    /** Runs whose clock instant is in [from, from + span). */
    static long runsIn(List<Instant> runs, Instant from, Duration span) {
        return runs.stream().filter(r -> !r.isBefore(from) && r.isBefore(from.plus(span))).count();
    }

    @Test
    void aStepForwardRunsOnceThenKeepsThePeriod() throws Exception {
        Instant[] clock = {T0};
        List<Instant> runs = java.util.Collections.synchronizedList(new ArrayList<>());
        try (RunLoop loop = new RunLoop(1, "jump")) {
            loop.schedule("p", PERIOD, T0, () -> runs.add(clock[0]));
            tickFor(loop, runs, clock, 120); // runs at 0, 30, 60, 90 s
            assertThat(runs).hasSize(4);
            clock[0] = clock[0].plus(Duration.ofHours(6)); // the clock jumps six hours ahead
            Instant jumped = clock[0];
            tickFor(loop, runs, clock, 120);
            // one run at the jump (not the 720 missed ones), then one per period
            assertThat(runsIn(runs, jumped, Duration.ofSeconds(1))).isEqualTo(1);
            assertThat(runsIn(runs, jumped, Duration.ofSeconds(120))).isEqualTo(4);
        }
    }

    @Test
    void aStepBackKeepsThePeriodInsteadOfWaitingForTheClockToCatchUp() throws Exception {
        Instant[] clock = {T0};
        List<Instant> runs = java.util.Collections.synchronizedList(new ArrayList<>());
        try (RunLoop loop = new RunLoop(1, "jump")) {
            loop.schedule("p", PERIOD, T0, () -> runs.add(clock[0]));
            tickFor(loop, runs, clock, 120);
            assertThat(runs).hasSize(4);
            clock[0] = clock[0].minus(Duration.ofHours(1)); // the clock steps one hour back
            Instant stepped = clock[0];
            tickFor(loop, runs, clock, 120);
            // 4 = at most one period without a run after the step, then one per period (120 s / 30 s)
            assertThat(runsIn(runs, stepped, Duration.ofSeconds(120))).isBetween(4L, 5L);
            assertThat(runs.stream().filter(r -> !r.isBefore(stepped) && r.isBefore(stepped.plus(PERIOD)))
                    .count()).as("a run within one period of the step").isEqualTo(1);
        }
    }

    @Test
    void smallJitterOfTheClockNeitherAddsNorDropsRuns() throws Exception {
        Instant[] clock = {T0};
        List<Instant> runs = java.util.Collections.synchronizedList(new ArrayList<>());
        try (RunLoop loop = new RunLoop(1, "jump")) {
            loop.schedule("p", PERIOD, T0, () -> runs.add(clock[0]));
            for (int minute = 0; minute < 5; minute++) {
                tickFor(loop, runs, clock, 60);
                clock[0] = clock[0].minusMillis(1500); // an NTP slew-sized step back every minute
            }
            // 300 s of ticks less 7.5 s of steps: 10 runs, one per 30 s
            assertThat(runs).hasSize(10);
        }
    }

    /**
     * A pool whose schedule fires at 02:30 Europe/Berlin, run every 30 s across the spring-forward (02:30 does not
     * exist) and the fall-back (02:30 happens twice) nights: the schedule floor changes exactly once each night.
     */
    @Test
    void aScheduleAcrossDaylightSavingChangesMovesTheFloorOnce() {
        String schedules = """
                    predictive:
                      schedules:
                        - {name: night-batch, cron: "30 2 * * *", replicas: 6}
                        - {name: evening, cron: "0 20 * * *", replicas: 2}
                """;
        for (String night : List.of("2024-03-30T22:00:00Z", "2024-10-26T22:00:00Z")) {
            ScalingRunTest t = new ScalingRunTest();
            PoolRuntime rt = new PoolRuntime(berlin(schedules), 50);
            t.source.answer.set(MetricOutcome.value(1.0));
            List<Integer> floors = new ArrayList<>();
            Instant start = Instant.parse(night);
            for (int i = 0; i < 6 * 120; i++) { // six hours, every 30 s: 22:00 to 04:00 UTC
                t.clock.now = start.plusSeconds(30L * i);
                t.run.run(rt);
                floors.add(rt.log().last().orElseThrow().inputs().scheduleFloor());
            }
            int changes = 0;
            for (int i = 1; i < floors.size(); i++) {
                changes += floors.get(i).equals(floors.get(i - 1)) ? 0 : 1;
            }
            assertThat(floors.get(0)).as(night).isEqualTo(2);
            assertThat(floors.get(floors.size() - 1)).as(night).isEqualTo(6);
            assertThat(changes).as("floor changes in the night of " + night).isEqualTo(1);
            assertThat(rt.log().last().orElseThrow().desired()).isEqualTo(6);
        }
    }

    @Test
    void aRunAfterTheClockSteppedBackStillDecides() {
        ScalingRunTest t = new ScalingRunTest();
        PoolRuntime rt = new PoolRuntime(ScalingRunTest.pool(), 50);
        t.source.answer.set(MetricOutcome.value(75.0));
        t.run.run(rt);
        assertThat(rt.log().last().orElseThrow().desired()).isEqualTo(8); // ceil(75 / 10)
        t.clock.now = T0.minus(Duration.ofHours(2));
        t.source.answer.set(MetricOutcome.value(150.0));
        RunOutcome o = t.run.run(rt);
        assertThat(o.status()).isEqualTo(RunOutcome.Status.OK);
        assertThat(rt.log().last().orElseThrow().desired()).isEqualTo(15); // ceil(150 / 10)
        Evaluation ev = t.run.evaluate(rt, t.clock.now, WorkloadObservation.unknown("test"));
        assertThat(ev.desired()).isEqualTo(15);
    }

    private static io.neuronetes.service.pools.PoolEntry berlin(String predictive) {
        io.neuronetes.service.pools.PoolEntry e = ScalingRunTest.pool(predictive);
        var p = e.pool();
        var zoned = new io.neuronetes.scheduler.spec.AgentPool(p.name(), p.namespace(), p.minReplicas(),
                p.maxReplicas(), p.prewarmPercent(), p.autoscaling(), p.targetRef(), p.coldStart(),
                java.time.ZoneId.of("Europe/Berlin"), p.agentClassRef(), p.slo(), p.toolBindingRef());
        return new io.neuronetes.service.pools.PoolEntry(zoned, e.origin(), e.toolBinding());
    }
}
