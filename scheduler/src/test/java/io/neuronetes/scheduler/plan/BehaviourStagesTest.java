package io.neuronetes.scheduler.plan;

import static io.neuronetes.scheduler.plan.Fixtures.MINUTE;
import static io.neuronetes.scheduler.plan.Fixtures.T0;
import static io.neuronetes.scheduler.plan.Fixtures.events;
import static io.neuronetes.scheduler.plan.Fixtures.pool;
import static io.neuronetes.scheduler.plan.Fixtures.recs;
import static io.neuronetes.scheduler.plan.Fixtures.sessions;
import static io.neuronetes.scheduler.plan.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.scheduler.spec.AgentPool;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bounds, rate limits, stabilization and cooldown. Target: 10 sessions per replica. */
class BehaviourStagesTest {

    private static final String UP = "autoscaling.behavior.scaleUp.";
    private static final String DOWN = "autoscaling.behavior.scaleDown.";

    record Case(String name, PoolState state, AgentPool policy, Signals signals, int expected, ReasonCode reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        PoolState ten = PoolState.initial(10, 0);
        Signals thirty = sessions(300, 10); // 300 / 10 = 30 per replica; ceil(3 * 10) = 30
        Signals one = sessions(10, 10); // 10 / 10 = 1 per replica; ceil(0.1 * 10) = 1
        return Stream.of(
                new Case("below minReplicas", PoolState.initial(5, 0), pool("minReplicas", 3), sessions(10, 5),
                        3, ReasonCode.BOUNDS), // ceil(0.2 * 5) = 1 < 3
                new Case("above maxReplicas", PoolState.initial(5, 0), pool(), sessions(5000, 5),
                        100, ReasonCode.BOUNDS), // 500 > 100
                new Case("percent scale-up limit", ten, pool(UP + "maxChangePercent", 50), thirty,
                        15, ReasonCode.SCALE_UP_LIMIT), // ceil(10 * 1.5) = 15
                new Case("absolute scale-up limit", ten, pool(UP + "maxChangeAbsolute", 4), thirty,
                        14, ReasonCode.SCALE_UP_LIMIT), // 10 + 4
                new Case("the stricter of both", ten, pool(UP + "maxChangePercent", 100, UP + "maxChangeAbsolute", 4),
                        thirty, 14, ReasonCode.SCALE_UP_LIMIT), // min(+10, +4)
                new Case("recent scale-ups count against the period", state(10, 0, events(30, 3), List.of(), null),
                        pool(UP + "maxChangeAbsolute", 4, UP + "periodSeconds", 60), thirty,
                        11, ReasonCode.SCALE_UP_LIMIT), // period start 10 - 3 = 7; 7 + 4 = 11
                new Case("older scale-ups do not", state(10, 0, events(90, 3), List.of(), null),
                        pool(UP + "maxChangeAbsolute", 4, UP + "periodSeconds", 60), thirty,
                        14, ReasonCode.SCALE_UP_LIMIT), // 90 s ago is outside the 60 s period: 10 + 4
                new Case("percent from zero replicas", PoolState.initial(0, 0), pool("minReplicas", 0,
                        UP + "maxChangePercent", 50), sessions(30, 0), 1, ReasonCode.SCALE_UP_LIMIT),
                // ceil(30 / 10) = 3; a percent of 0 is taken of 1: ceil(1 * 1.5) - 1 = +1
                new Case("percent scale-down limit", ten, pool(DOWN + "maxChangePercent", 50), one,
                        5, ReasonCode.SCALE_DOWN_LIMIT), // ceil(10 * 0.5) = 5
                new Case("absolute scale-down limit", ten, pool(DOWN + "maxChangeAbsolute", 2), one,
                        8, ReasonCode.SCALE_DOWN_LIMIT), // 10 - 2
                new Case("scale-down limit keeps minReplicas", ten, pool("minReplicas", 9, DOWN + "maxChangePercent",
                        50), one, 9, ReasonCode.BOUNDS), // max(9, ceil(10 * 0.5))
                new Case("below minReplicas, the bounds win over the scale-up limit", PoolState.initial(2, 0),
                        pool("minReplicas", 10, UP + "maxChangeAbsolute", 2), sessions(10, 2),
                        10, ReasonCode.BOUNDS), // ceil(0.5 * 2) = 1 -> 10; the limit's 2 + 2 = 4 < 10
                new Case("above maxReplicas, the bounds win over the scale-down limit", ten,
                        pool("maxReplicas", 4, DOWN + "maxChangeAbsolute", 2), sessions(100, 10),
                        4, ReasonCode.BOUNDS), // ceil(1 * 10) = 10 -> 4; the limit's 10 - 2 = 8 > 4
                new Case("scale-up stabilized to the window's lowest", state(10, 0, List.of(), recs(1, 12, 2, 15, 4, 11),
                        null), pool(UP + "stabilizationWindow", "3m"), thirty,
                        12, ReasonCode.STABILIZED_UP), // min(30, 12, 15); 4 min ago is outside
                new Case("scale-down stabilized to the window's highest", state(15, 0, List.of(), recs(1, 9, 3, 14,
                        6, 20), null), pool(DOWN + "stabilizationWindow", "5m"), sessions(50, 15),
                        14, ReasonCode.STABILIZED_DOWN), // ceil(50/15/10 * 15) = 5; max(5, 9, 14) = 14
                new Case("default scale-down window is 300s", state(15, 0, List.of(), recs(4, 14), null),
                        pool(DOWN + "stabilizationWindow", "300s"), sessions(50, 15),
                        14, ReasonCode.STABILIZED_DOWN),
                new Case("within cooldown", state(10, 0, List.of(), List.of(), T0.minus(MINUTE.multipliedBy(2))),
                        pool("autoscaling.cooldownPeriod", "5m"), thirty, 10, ReasonCode.COOLDOWN),
                new Case("after cooldown", state(10, 0, List.of(), List.of(), T0.minus(MINUTE.multipliedBy(6))),
                        pool("autoscaling.cooldownPeriod", "5m"), thirty, 30, ReasonCode.REACTIVE),
                new Case("above maxReplicas, the bounds win over stabilization", state(15, 0, List.of(), recs(1, 14),
                        null), pool("maxReplicas", 8, DOWN + "stabilizationWindow", "5m"), sessions(50, 15), 8, ReasonCode.BOUNDS),
                // ceil(50/15/10 * 15) = 5; the window's highest 14 > 8
                new Case("above maxReplicas, the bounds win over cooldown", state(10, 0, List.of(), List.of(),
                        T0.minus(MINUTE)), pool("maxReplicas", 6, "autoscaling.cooldownPeriod", "5m"), thirty,
                        6, ReasonCode.BOUNDS), // 30 -> 6; cooldown would keep 10
                new Case("cooldown holds scale-downs too", state(10, 0, List.of(), List.of(),
                        T0.minus(MINUTE)), pool("autoscaling.cooldownPeriod", "5m"), one, 10, ReasonCode.COOLDOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behaviour(Case c) {
        Decision d = Planner.plan(c.state(), c.signals(), null, c.policy(), T0);
        assertThat(d.desired()).as(d.reasons().toString()).isEqualTo(c.expected());
        assertThat(d.codes()).contains(c.reason());
    }
}
