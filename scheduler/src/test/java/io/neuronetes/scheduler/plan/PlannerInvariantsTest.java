package io.neuronetes.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties that hold for every decision, checked on random pools driven through random runs: each pool sets a
 * random choice of the guide's fields (schedules included), each run feeds the state forward through noisy loads,
 * SLO readings, forecasts (with and without confidence), ready counts that lag or go missing, and manual
 * overrides now and then. A failure names the seed, the
 * pool's fields, the step and the decision, which replays it.
 */
class PlannerInvariantsTest {

    private static final int POOLS = 200;
    private static final int STEPS = 200;

    @Test
    void everyDecisionKeepsTheBoundsTheLimitsTheCooldownTheCostCapAndTheSpotShare() {
        long decisions = 0;
        for (int p = 0; p < POOLS; p++) {
            decisions += run(0x5EED0000L + p);
        }
        assertThat(decisions).isEqualTo((long) POOLS * STEPS);
    }

    private static int run(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Object> fields = randomFields(rnd);
        AgentPool pool = Fixtures.pool(fields.toArray());
        int start = rnd.nextInt(0, pool.maxReplicas() + 5);
        PoolState state = PoolState.initial(start, rnd.nextInt(0, 4));
        Instant now = Fixtures.T0;
        Duration step = Duration.ofSeconds(rnd.nextInt(10, 121));
        double load = rnd.nextDouble(0, 40 * 10);
        int made = 0;
        for (int k = 0; k < STEPS; k++) {
            load = Math.max(0, load * (1 + rnd.nextDouble(-0.25, 0.25)) + rnd.nextDouble(-20, 20));
            Signals signals = signals(rnd, state, load);
            Forecast forecast = rnd.nextInt(5) == 0 ? null
                    : Fixtures.forecast(now, rnd.nextDouble(), rnd.nextDouble(0, 0.5),
                            load * rnd.nextDouble(0.5, 1.5), load * rnd.nextDouble(0.5, 1.5),
                            load * rnd.nextDouble(0.5, 1.5), load * rnd.nextDouble(0.5, 1.5),
                            load * rnd.nextDouble(0.5, 1.5), load * rnd.nextDouble(0.5, 1.5));
            int held = rnd.nextInt(20) == 0 ? rnd.nextInt(0, pool.maxReplicas() + 10) : -1;
            Decision d = held < 0 ? Planner.plan(state, signals, forecast, pool, now)
                    : Planner.hold(state, signals, forecast, pool, now, held);
            String where = "seed " + Long.toHexString(seed) + ", fields " + fields + ", step " + k + " at " + now
                    + (held < 0 ? "" : ", held at " + held) + ", " + d;
            if (held < 0) {
                check(pool, state, d, where);
                assertThat(Planner.plan(state, signals, forecast, pool, now)).as("the same inputs: " + where)
                        .isEqualTo(d);
            } else {
                assertThat(d.desired()).as("a held target within the bounds: " + where)
                        .isEqualTo(Math.max(pool.minReplicas(), Math.min(pool.maxReplicas(), held)));
                assertThat(d.onDemand() + d.spot()).as("on-demand + spot = provisioned: " + where)
                        .isEqualTo(d.provisioned());
            }
            state = d.state();
            now = now.plus(step);
            made++;
        }
        return made;
    }

    private static void check(AgentPool pool, PoolState before, Decision d, String where) {
        assertThat(d.reasons()).as("reasons: " + where).isNotEmpty();
        assertThat(d.desired()).as("serving target within minReplicas..maxReplicas: " + where)
                .isBetween(pool.minReplicas(), pool.maxReplicas());
        assertThat(d.serving()).as("serving: " + where).isBetween(0, d.desired());
        assertThat(d.warm()).as("warm: " + where).isNotNegative();
        assertThat(d.starting()).as("starting: " + where).isNotNegative();
        assertThat(d.onDemand() + d.spot()).as("on-demand + spot = provisioned: " + where)
                .isEqualTo(d.provisioned());
        assertThat(d.provisioned()).as("provisioned within maxReplicas: " + where)
                .isLessThanOrEqualTo(Math.max(pool.maxReplicas(), before.provisioned()));
        assertThat(d.state().provisioned()).as("the next state holds what is provisioned: " + where)
                .isEqualTo(d.provisioned());
        var a = pool.autoscaling();
        if (a.spotStrategy().enabled()) {
            assertThat(d.spot()).as("spot within maxSpotPercent: " + where)
                    .isLessThanOrEqualTo((int) Math.floor(d.provisioned() * a.spotStrategy().maxSpotPercent() / 100.0));
        }
        boolean breach = d.has(ReasonCode.SLO_BREACH);
        // the bounds and the cost cap win over the limits and the cooldown (each says so in its reason)
        boolean bounds = d.has(ReasonCode.BOUNDS) || d.reasons().stream().anyMatch(r ->
                r.code() == ReasonCode.BUDGET_CAP && r.message().contains("after the limits"));
        int change = d.desired() - d.current();
        Integer upAbs = a.behavior().scaleUp().maxChangeAbsolute();
        if (upAbs != null && !breach && !bounds) {
            assertThat(change).as("scale-up within maxChangeAbsolute: " + where).isLessThanOrEqualTo(upAbs);
        }
        if (breach && !bounds) {
            int maxUp = a.sloTarget().breachResponse().maxScaleUp();
            assertThat(change).as("a breach adds at most maxScaleUp beyond the limits: " + where)
                    .isLessThanOrEqualTo(Math.max(maxUp, upAbs == null ? Integer.MAX_VALUE - maxUp : upAbs + maxUp));
        }
        Integer downAbs = a.behavior().scaleDown().maxChangeAbsolute();
        if (downAbs != null && !bounds) {
            assertThat(-change).as("scale-down within maxChangeAbsolute: " + where).isLessThanOrEqualTo(downAbs);
        }
        Duration cooldown = a.cooldownPeriod();
        if (!cooldown.isZero() && before.lastScale() != null && d.at().isBefore(before.lastScale().plus(cooldown))
                && !breach && !bounds) {
            assertThat(change).as("no change within the cooldown: " + where).isZero();
        }
        Double cap = a.costConstraints().maxCostPerHour();
        if (cap != null && !d.has(ReasonCode.BOUNDS)) {
            assertThat(d.costPerHour()).as("hourly cost within maxCostPerHour: " + where)
                    .isLessThanOrEqualTo(cap + 1e-9);
        }
    }

    private static Signals signals(SplittableRandom rnd, PoolState state, double load) {
        Signals s = Signals.none();
        if (rnd.nextInt(4) != 0) {
            s = s.withReady(Math.max(0, state.serving() - rnd.nextInt(0, 3)));
        }
        if (rnd.nextInt(10) != 0) {
            s = s.with(MetricType.CONCURRENT_SESSIONS, load);
        }
        if (rnd.nextInt(3) == 0) {
            s = s.with(MetricType.TTFT_P95, rnd.nextDouble(50, 3000));
        }
        if (rnd.nextInt(3) == 0) {
            s = s.withSlo(new SloReadings(rnd.nextDouble(0.05, 3), rnd.nextInt(2) == 0 ? Double.NaN
                    : rnd.nextDouble(0.1, 5), rnd.nextInt(2) == 0 ? Double.NaN : rnd.nextDouble(5, 100)));
        }
        return s;
    }

    /** {@code path, value} pairs for {@link Fixtures#pool}: each field set or left at its default at random. */
    private static List<Object> randomFields(SplittableRandom rnd) {
        List<Object> f = new ArrayList<>();
        int min = rnd.nextInt(0, 6);
        int max = min + rnd.nextInt(1, 60);
        f.addAll(List.of("minReplicas", min, "maxReplicas", max));
        if (rnd.nextBoolean()) {
            f.addAll(List.of("prewarmPercent", rnd.nextInt(0, 101), "autoscaling.useWarmPool", true));
            if (rnd.nextBoolean()) {
                f.addAll(List.of("autoscaling.replenishStrategy", Map.of("delay", rnd.nextInt(0, 120) + "s",
                        "batchSize", rnd.nextInt(1, 6))));
            }
        }
        if (rnd.nextBoolean()) {
            f.addAll(List.of("coldStart", rnd.nextInt(0, 10) + "m"));
        }
        if (rnd.nextBoolean()) {
            f.addAll(List.of("autoscaling.behavior.scaleUp", Map.of("stabilizationWindow", rnd.nextInt(0, 300) + "s",
                    "maxChangePercent", rnd.nextInt(1, 300), "maxChangeAbsolute", rnd.nextInt(1, 10),
                    "periodSeconds", rnd.nextInt(1, 300))));
        }
        if (rnd.nextBoolean()) {
            f.addAll(List.of("autoscaling.behavior.scaleDown", Map.of("stabilizationWindow",
                    rnd.nextInt(0, 600) + "s", "maxChangePercent", rnd.nextInt(1, 100), "maxChangeAbsolute",
                    rnd.nextInt(1, 10), "periodSeconds", rnd.nextInt(1, 300))));
        }
        if (rnd.nextBoolean()) {
            f.addAll(List.of("autoscaling.cooldownPeriod", rnd.nextInt(1, 10) + "m"));
        }
        if (rnd.nextBoolean()) {
            List<Object> schedules = rnd.nextBoolean() ? List.of() : List.of(
                    Map.of("name", "busy", "cron", "*/" + rnd.nextInt(2, 30) + " * * * *",
                            "replicas", rnd.nextInt(0, max + 1)),
                    Map.of("name", "quiet", "cron", "*/" + rnd.nextInt(2, 30) + " * * * *",
                            "replicas", rnd.nextInt(0, Math.min(3, max + 1))));
            f.addAll(List.of("autoscaling.predictive", Map.of("enabled", true, "minConfidence",
                    rnd.nextDouble(0, 1), "horizonMinutes", 10, "schedules", schedules)));
        }
        if (rnd.nextBoolean()) {
            f.addAll(List.of("slo", Map.of("ttft", "500ms", "p95Latency", "2s", "tokensPerSecond", 20,
                    "availabilityPercent", rnd.nextBoolean() ? 99.5 : 97)));
            f.addAll(List.of("autoscaling.sloTarget", Map.of("enabled", true, "headroomPercent",
                    rnd.nextInt(0, 50), "breachResponse", Map.of("scaleUpImmediately", rnd.nextBoolean(),
                            "maxScaleUp", rnd.nextInt(1, 10)),
                    "scaleDownSafety", Map.of("requireHeadroom", rnd.nextInt(0, 100),
                            "checkDuration", rnd.nextInt(0, 15) + "m"))));
        }
        if (rnd.nextBoolean()) {
            double price = rnd.nextDouble(0.5, 5);
            f.addAll(List.of("autoscaling.costConstraints", Map.of("costPerReplicaHour", price,
                    "maxCostPerHour", price * (min + rnd.nextInt(1, 40)), "dailyBudget", rnd.nextDouble(10, 2000),
                    "onBudgetExceeded", rnd.nextBoolean() ? List.of("scale-to-min") : List.of("enable-spot"))));
        }
        if (rnd.nextBoolean()) {
            f.addAll(List.of("autoscaling.spotStrategy", Map.of("enabled", true, "maxSpotPercent",
                    rnd.nextInt(0, 101))));
        }
        return f;
    }
}
