package io.neuronetes.scheduler.plan;

import static io.neuronetes.scheduler.plan.Fixtures.MINUTE;
import static io.neuronetes.scheduler.plan.Fixtures.T0;
import static io.neuronetes.scheduler.plan.Fixtures.pool;
import static io.neuronetes.scheduler.plan.Fixtures.sessions;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.scheduler.plan.PoolState.Cohort;
import io.neuronetes.scheduler.spec.AgentPool;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Warm pool: prewarmPercent 10 of maxReplicas 100 = 10 warm; replenish after 30s, 2 per decision. */
class WarmPoolTest {

    private static final AgentPool WARM = pool("prewarmPercent", 10);

    record Case(String name, PoolState state, AgentPool policy, Signals signals, int serving, int warm, int starting,
            ReasonCode reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static PoolState state(int target, int serving, int warm, List<Cohort> starting, Instant lastActivation) {
        return new PoolState(target, serving, warm, starting, List.of(), List.of(), null, lastActivation, null, null, 0,
                null, 0);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("scale-up served from warm first", state(5, 5, 10, List.of(), null), WARM, sessions(120, 5),
                        12, 3, 0, ReasonCode.WARM_ACTIVATION), // ceil(24 / 10 * 5) = 12: 7 of 10 warm activated;
                // no replenish within 30s of the activation
                new Case("replenish after the delay, one batch", state(12, 12, 3, List.of(), T0.minus(MINUTE)), WARM,
                        sessions(120, 12), 12, 3, 2, ReasonCode.WARM_REPLENISH), // short 10 - 3 = 7: start 2
                new Case("cold starts for what warm cannot cover", state(5, 5, 2, List.of(), null), WARM,
                        sessions(120, 5), 7, 0, 5, ReasonCode.WARM_ACTIVATION), // 12 = 5 + 2 warm + 5 starting
                new Case("scale-down refills a short warm pool", state(12, 12, 0, List.of(), null), WARM,
                        sessions(50, 12), 5, 7, 2, ReasonCode.WARM_REPLENISH), // 7 surplus to warm, then 2 more
                new Case("surplus starting replicas stop, youngest first", state(8, 5, 0, List.of(
                        new Cohort(T0.plus(MINUTE.multipliedBy(2)), 3), new Cohort(T0.plus(MINUTE.multipliedBy(4)), 4)),
                        null), pool(), sessions(60, 5), 5, 0, 1, ReasonCode.REACTIVE), // ceil(12/10*5) = 6: 1 more
                new Case("ready replicas serve up to the target, then warm", state(8, 5, 0, List.of(
                        new Cohort(T0, 5)), null), WARM, sessions(80, 8), 8, 2, 2, ReasonCode.WARM_REPLENISH),
                // 5 ready: 3 serve (target 8), 2 warm; warm short 8: start 2
                new Case("no warm pool without useWarmPool", state(5, 5, 0, List.of(), null), pool("prewarmPercent",
                        10, "autoscaling.useWarmPool", false), sessions(50, 5), 5, 0, 0, ReasonCode.REACTIVE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lifecycle(Case c) {
        Decision d = Planner.plan(c.state(), c.signals(), null, c.policy(), T0);
        assertThat(new int[] {d.serving(), d.warm(), d.starting()}).as(d.reasons().toString())
                .containsExactly(c.serving(), c.warm(), c.starting());
        assertThat(d.codes()).contains(c.reason());
        assertThat(d.provisioned()).isEqualTo(c.serving() + c.warm() + c.starting());
    }

    @Test
    void predictedReplicasStartNowAndServeAfterTheColdStart() {
        AgentPool p = pool("autoscaling.predictive.enabled", true, "coldStart", "5m");
        PoolState s = PoolState.initial(2, 0);
        Decision first = Planner.plan(s, sessions(20, 2), Fixtures.forecast(T0, 0.9, 0, 20, 20, 20, 20, 20, 80), p, T0);
        assertThat(first.desired()).isEqualTo(8); // 80 at h6 = now + 5m: ceil(80 / 10)
        assertThat(first.starting()).isEqualTo(6);
        Instant later = T0.plus(MINUTE.multipliedBy(5));
        Decision ready = Planner.plan(first.state(), sessions(80, 2), null, pool("coldStart", "5m"), later);
        assertThat(ready.serving()).isEqualTo(8);
        assertThat(ready.starting()).isZero();
    }

    @Test
    void theDecisionKeepsItsStateImmutable() {
        PoolState s = PoolState.initial(5, 10);
        Decision d = Planner.plan(s, sessions(120, 5), null, WARM, T0);
        assertThat(s.warm()).isEqualTo(10);
        assertThat(d.state().warm()).isEqualTo(3);
        assertThat(d.state().lastActivation()).isEqualTo(T0);
    }
}
