package io.neuronetes.scheduler.plan;

import static io.neuronetes.scheduler.plan.Fixtures.MINUTE;
import static io.neuronetes.scheduler.plan.Fixtures.T0;
import static io.neuronetes.scheduler.plan.Fixtures.pool;
import static io.neuronetes.scheduler.plan.Fixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SLO and cost stages. */
class GuardStagesTest {

    private static final LocalDate TODAY = LocalDate.of(2024, 6, 12);

    record Case(String name, PoolState state, AgentPool policy, Signals signals, int expected, ReasonCode reason,
            List<ActionType> actions) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, PoolState state, AgentPool policy, Signals signals, int expected,
            ReasonCode reason, ActionType... actions) {
        return new Case(name, state, policy, signals, expected, reason, List.of(actions));
    }

    private static AgentPool sloPool(Object... more) {
        Object[] base = {"autoscaling.sloTarget.enabled", true, "slo.ttft", "500ms", "slo.tokensPerSecond", 50};
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return pool(all);
    }

    private static Signals ttft(Signals s, double seconds) {
        return s.withSlo(new SloReadings(seconds, Double.NaN, Double.NaN));
    }

    private static PoolState spent(int serving, LocalDate day, double spent, Instant lastDecision, double perHour) {
        return new PoolState(serving, serving, 0, List.of(), List.of(), List.of(), null, null, null, day, spent,
                lastDecision, perHour);
    }

    /** {@code serving} ready and serving, {@code starting} more on their way to serve (3 minutes left). */
    private static PoolState starting(int serving, int starting) {
        return new PoolState(serving + starting, serving, 0,
                List.of(new PoolState.Cohort(T0.plus(MINUTE.multipliedBy(3)), starting)), List.of(), List.of(), null,
                null, null, null, 0, null, 0);
    }

    static Stream<Case> sloCases() {
        PoolState ten = PoolState.initial(10, 0);
        PoolState tenScaledRecently = Fixtures.state(10, 0, List.of(), List.of(), T0.minus(MINUTE));
        PoolState headroomHeld = new PoolState(10, 10, 0, List.of(), List.of(), List.of(), null, null,
                T0.minus(MINUTE.multipliedBy(10)), null, 0, null, 0);
        String safety = "autoscaling.sloTarget.scaleDownSafety";
        return Stream.of(
                c("headroom on the load", PoolState.initial(5, 0), sloPool("autoscaling.sloTarget.headroomPercent", 20),
                        sessions(100, 5), 12, ReasonCode.SLO_HEADROOM), // ceil(ceil(20 / 10 * 5) * 1.2) = 12
                c("headroom not on the schedule floor", PoolState.initial(5, 0),
                        sloPool("autoscaling.sloTarget.headroomPercent", 20, "autoscaling.predictive.schedules",
                                List.of(Map.of("name", "all", "cron", "* * * * *", "replicas", 30))),
                        sessions(100, 5), 30, ReasonCode.SCHEDULE_FLOOR), // max(12, 30)
                c("breach past cooldown and limits", tenScaledRecently, sloPool("autoscaling.cooldownPeriod", "5m",
                        "autoscaling.behavior.scaleUp.maxChangeAbsolute", 1,
                        "autoscaling.sloTarget.breachResponse.maxScaleUp", 4), ttft(sessions(100, 10), 0.8),
                        14, ReasonCode.SLO_BREACH), // 0.8 / 0.5 = 1.6; 10 + min(ceil(10 * 0.6), 4) = 14
                // docs/planner.md's example
                c("a larger target than the breach response's goes through the limits", ten, sloPool(
                        "autoscaling.behavior.scaleUp.maxChangeAbsolute", 2,
                        "autoscaling.sloTarget.breachResponse.maxScaleUp", 4), ttft(sessions(400, 10), 0.8),
                        14, ReasonCode.SCALE_UP_LIMIT), // reactive 40; 10 ready + min(6, 4) = 14 past the limit's 12
                c("and through the cooldown", tenScaledRecently, sloPool("autoscaling.cooldownPeriod", "5m",
                        "autoscaling.sloTarget.breachResponse.maxScaleUp", 4), ttft(sessions(400, 10), 0.8),
                        14, ReasonCode.COOLDOWN), // reactive 40; the cooldown lets the breach's 14 through
                c("replicas still starting count toward the breach's target", starting(10, 4),
                        sloPool("autoscaling.sloTarget.breachResponse.maxScaleUp", 4), ttft(sessions(100, 10), 0.8),
                        14, ReasonCode.SLO_BREACH), // 10 ready + min(ceil(10 * 0.6), 4) = 14 = current: none more
                c("a breach adds what the starting replicas leave short", starting(10, 2),
                        sloPool("autoscaling.sloTarget.breachResponse.maxScaleUp", 4), ttft(sessions(100, 10), 0.8),
                        14, ReasonCode.SLO_BREACH), // 10 ready + min(ceil(10 * 0.6), 4) = 14 > 12: 2 more
                c("a breach keeps the replicas starting against a scale-down", starting(10, 4),
                        sloPool("autoscaling.sloTarget.breachResponse.maxScaleUp", 4), ttft(sessions(20, 10), 0.8),
                        14, ReasonCode.SLO_BREACH), // reactive ceil(20 / 10) = 2; the breach's 10 + 4 = 14 = current
                c("an observed ready count below the target", ten,
                        sloPool("autoscaling.sloTarget.breachResponse.maxScaleUp", 4), ttft(sessions(100, 6), 0.8),
                        10, ReasonCode.SLO_BREACH), // 6 ready + min(ceil(6 * 0.6), 4) = 10 = current: wait for 4
                c("a breach with no ready replica asks for one", starting(0, 3), sloPool(),
                        ttft(sessions(20, 0), 0.8), 3, ReasonCode.SLO_BREACH), // 0 + max(1, ceil(0 * 0.6)) = 1 <= 3
                c("breach without maxScaleUp", ten, sloPool(), ttft(sessions(100, 10), 0.8),
                        16, ReasonCode.SLO_BREACH), // 10 + ceil(10 * 0.6) = 16
                c("throughput breach", ten, sloPool(), sessions(100, 10).withSlo(new SloReadings(Double.NaN, Double.NaN,
                        40)), 13, ReasonCode.SLO_BREACH), // 50 / 40 = 1.25; 10 + ceil(10 * 0.25) = 13
                c("breach response off", ten, sloPool("autoscaling.sloTarget.breachResponse.scaleUpImmediately", false),
                        ttft(sessions(100, 10), 0.8), 10, ReasonCode.REACTIVE), // ratio 1.0: keep 10
                c("scale-down held below the required headroom", ten, sloPool(safety + ".requireHeadroom", 50,
                        safety + ".checkDuration", "10m"), ttft(sessions(20, 10), 0.3),
                        10, ReasonCode.SLO_SCALE_DOWN_HOLD), // (0.5 - 0.3) / 0.5 = 40% < 50%
                c("scale-down held until checkDuration", ten, sloPool(safety + ".requireHeadroom", 50,
                        safety + ".checkDuration", "10m"), ttft(sessions(20, 10), 0.2),
                        10, ReasonCode.SLO_SCALE_DOWN_HOLD), // 60% >= 50% only since now
                c("scale-down once headroom held long enough", headroomHeld, sloPool(safety + ".requireHeadroom", 50,
                        safety + ".checkDuration", "10m"), ttft(sessions(20, 10), 0.2),
                        2, ReasonCode.REACTIVE), // held since 10 min; ceil(2 / 10 * 10) = 2
                c("no measurement holds a guarded scale-down", ten, sloPool(safety + ".requireHeadroom", 50),
                        sessions(20, 10), 10, ReasonCode.SLO_SCALE_DOWN_HOLD));
    }

    static Stream<Case> cost() {
        String cc = "autoscaling.costConstraints.";
        AgentPool budget = pool(cc + "costPerReplicaHour", 4, cc + "dailyBudget", 100, cc + "onBudgetExceeded",
                List.of("scale-to-min", "use-fallback-model"));
        return Stream.of(
                c("hourly cap", PoolState.initial(5, 0), pool(cc + "costPerReplicaHour", 4, cc + "maxCostPerHour", 30),
                        sessions(200, 5), 7, ReasonCode.BUDGET_CAP), // floor(30 / 4) = 7 < 20
                c("cap cuts the warm pool first", PoolState.initial(5, 0), pool("prewarmPercent", 10,
                        cc + "costPerReplicaHour", 4, cc + "maxCostPerHour", 40), sessions(50, 5),
                        5, ReasonCode.BUDGET_CAP), // 5 serving + 10 warm = 60/h > 40: warm cut to 5
                c("cap with cheaper spot", PoolState.initial(5, 0), pool(cc + "costPerReplicaHour", 4,
                        cc + "maxCostPerHour", 30, cc + "optimization.spotMaxPrice", 1, "autoscaling.spotStrategy",
                        Map.of("enabled", true, "maxSpotPercent", 50)), sessions(200, 5),
                        12, ReasonCode.BUDGET_CAP), // 12 = 6 on-demand * 4 + 6 spot * 1 = 30; 13 = 7 * 4 + 6 = 34
                c("budget spent: scale to min", spent(10, TODAY, 100, null, 0), budget, sessions(200, 10),
                        1, ReasonCode.BUDGET_EXCEEDED, ActionType.SCALE_TO_MIN, ActionType.USE_FALLBACK_MODEL),
                c("spend accrues since the last decision", spent(10, TODAY, 90, T0.minus(MINUTE.multipliedBy(30)), 40),
                        budget, sessions(200, 10), 1, ReasonCode.BUDGET_EXCEEDED, ActionType.SCALE_TO_MIN,
                        ActionType.USE_FALLBACK_MODEL), // 90 + 40 * 0.5 = 110 >= 100
                c("a new day starts from zero", spent(10, TODAY.minusDays(1), 500, T0.minus(MINUTE.multipliedBy(30)),
                        40), budget, sessions(200, 10), 20, ReasonCode.REACTIVE), // 0 + 40 * 0.5 = 20 < 100
                c("dynamic model selection", spent(10, TODAY, 60, null, 0), pool(cc + "costPerReplicaHour", 4,
                        cc + "dailyBudget", 100, cc + "optimization.dynamicModelSelection",
                        Map.of("enabled", true, "costThreshold", 0.5)), sessions(100, 10), 10, ReasonCode.REACTIVE,
                        ActionType.SWITCH_TO_SMALLER_MODEL), // 60 >= 0.5 * 100
                c("enable-spot once spent", spent(10, TODAY, 100, null, 0), pool(cc + "costPerReplicaHour", 4,
                        cc + "dailyBudget", 100, cc + "onBudgetExceeded", List.of("enable-spot")), sessions(100, 10),
                        10, ReasonCode.SPOT_SPLIT, ActionType.ENABLE_SPOT), // floor(10 * 50%) = 5 on spot
                c("the cap wins over a scale-down limit", PoolState.initial(10, 0), pool(cc + "costPerReplicaHour", 4,
                        cc + "maxCostPerHour", 30, "autoscaling.behavior.scaleDown.maxChangeAbsolute", 1),
                        sessions(20, 10), 7, ReasonCode.BUDGET_CAP), // 2 fits; the limit keeps 10 - 1 = 9,
                                                                     // 9 * 4 = 36 > 30: floor(30 / 4) = 7
                c("minReplicas wins over the cap", PoolState.initial(10, 0), pool("minReplicas", 8,
                        cc + "costPerReplicaHour", 4, cc + "maxCostPerHour", 30), sessions(20, 10),
                        8, ReasonCode.BOUNDS)); // 2 -> 8; 8 * 4 = 32 > 30 would cut to 7, but the bounds win
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sloCases")
    void sloStage(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cost")
    void costStage(Case c) {
        check(c);
    }

    record Run(String name, PoolState state, AgentPool policy, Signals signals, List<Integer> targets) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A breach that lasts, one decision every 15 s with the state carried over: 1 serving replica, TTFT 0.9 s
     * against 0.5 s (a factor 1.8), maxScaleUp 10, maxReplicas 30, a cold start of 2 minutes. Before, every run
     * added a round on top of the replicas still starting: 2, 4, 8, 15, 25, 30 within a minute and a quarter.
     */
    static Stream<Run> breachRuns() {
        Object[] common = {"maxReplicas", 30, "coldStart", "2m", "autoscaling.sloTarget.breachResponse.maxScaleUp", 10};
        Signals breach = ttft(Signals.none().with(MetricType.CONCURRENT_SESSIONS, 10), 0.9);
        return Stream.of(
                new Run("a round waits for its replicas, then the next one", PoolState.initial(1, 0),
                        sloPool(common), breach, List.of(
                                2, 2, 2, 2, 2, 2, 2, 2, // 0-105 s: 1 + max(1, ceil(1 * 0.8)) = 2; 1 starting
                                4, 4, 4, 4, 4, 4, 4, 4, // 120 s: 2 ready + ceil(2 * 0.8) = 4; 2 starting
                                8)), // 240 s: 4 ready + ceil(4 * 0.8) = 8
                new Run("warm replicas first, then cold starts that the breach waits for", PoolState.initial(1, 3),
                        sloPool(append(common, "prewarmPercent", 10)), breach, List.of(
                                2, // 0 s: 1 + 1 = 2, 1 of the 3 warm (10% of 30) serves at once
                                4, // 15 s: 2 ready + ceil(2 * 0.8) = 4, 2 warm serve at once
                                8, // 30 s: 4 ready + ceil(4 * 0.8) = 8, no warm left: 4 cold starts until 150 s
                                8, 8, 8, 8, 8, 8, 8, // 45-135 s: 4 ready + 4 = 8 = current, nothing more
                                15))); // 150 s: 8 ready + min(ceil(8 * 0.8), 10) = 15
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breachRuns")
    void breachOverConsecutiveDecisions(Run r) {
        PoolState s = r.state();
        List<Integer> targets = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int k = 0; k < r.targets().size(); k++) {
            Decision d = Planner.plan(s, r.signals(), null, r.policy(), T0.plusSeconds(15L * k));
            targets.add(d.desired());
            reasons.add(k * 15 + " s: " + d.reasons());
            s = d.state();
        }
        assertThat(targets).as(String.join("\n", reasons)).containsExactlyElementsOf(r.targets());
    }

    /** The breach's reason names the ready replicas it counts from and those it waits for. */
    @org.junit.jupiter.api.Test
    void theBreachReasonNamesTheReadyReplicasAndThoseNotReadyYet() {
        AgentPool p = sloPool("autoscaling.sloTarget.breachResponse.maxScaleUp", 4);
        Signals s = ttft(sessions(100, 10), 0.8);
        assertThat(breachMessage(Planner.plan(PoolState.initial(10, 0), s, null, p, T0)))
                .isEqualTo("SLO missed by a factor 1.600: at least 10 ready + 4 = 14 now");
        assertThat(breachMessage(Planner.plan(starting(10, 2), s, null, p, T0)))
                .isEqualTo("SLO missed by a factor 1.600: at least 10 ready + 4 = 14 now (2 of the 12 before not "
                        + "ready yet)");
        assertThat(breachMessage(Planner.plan(starting(10, 4), s, null, p, T0)))
                .isEqualTo("SLO missed by a factor 1.600: 10 ready + 4 = 14, within the current 14: wait for its 4 "
                        + "not ready yet");
    }

    private static String breachMessage(Decision d) {
        return d.reasons().stream().filter(r -> r.code() == ReasonCode.SLO_BREACH).map(Reason::message).findFirst()
                .orElseThrow();
    }

    private static Object[] append(Object[] a, Object... more) {
        Object[] all = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    /**
     * The cap after a scale-down limit cuts the warm pool first: 10 serving, a limit of 1 keeps 9, the warm target
     * floor(10% of 20) = 2, and 40/h at 4 per replica affords 10: 9 serving + 1 warm (the surplus serving replica,
     * no replenishment start), where before 9 + 1 warm + 1 starting cost 44/h.
     */
    @org.junit.jupiter.api.Test
    void theCapAfterTheLimitsCutsTheWarmPoolFirst() {
        String cc = "autoscaling.costConstraints.";
        AgentPool p = pool("maxReplicas", 20, "prewarmPercent", 10, "autoscaling.useWarmPool", true,
                cc + "costPerReplicaHour", 4, cc + "maxCostPerHour", 40,
                "autoscaling.behavior.scaleDown.maxChangeAbsolute", 1);
        Decision d = Planner.plan(PoolState.initial(10, 0), sessions(20, 10), null, p, T0);
        assertThat(d.desired()).as(d.reasons().toString()).isEqualTo(9);
        assertThat(d.warm() + d.starting()).as(d.reasons().toString()).isEqualTo(1);
        assertThat(d.costPerHour()).isEqualTo(40.0);
        assertThat(d.reasons()).filteredOn(r -> r.code() == ReasonCode.BUDGET_CAP).extracting(Reason::message)
                .containsExactly("11 replicas cost more than maxCostPerHour 40 after the limits: 9 serving (was 9), "
                        + "1 warm (was 2)");
    }

    private static void check(Case c) {
        Decision d = Planner.plan(c.state(), c.signals(), null, c.policy(), T0);
        assertThat(d.desired()).as(d.reasons().toString()).isEqualTo(c.expected());
        assertThat(d.codes()).contains(c.reason());
        assertThat(d.actions()).extracting(Action::type).containsExactlyElementsOf(c.actions());
    }
}
