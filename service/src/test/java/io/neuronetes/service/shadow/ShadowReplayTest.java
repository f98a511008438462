package io.neuronetes.service.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.scheduler.replay.ReplayOptions;
import io.neuronetes.scheduler.replay.SimulationPool;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.scheduler.spec.MetricType;
import io.neuronetes.scheduler.spec.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shadow replay's settings and its refusals, without training (the API test runs the real replay). */
class ShadowReplayTest {

    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Instant MIDNIGHT = Instant.parse("2024-03-04T00:00:00Z");
    /** A trainer that must not be reached: every case here is refused before training. */
    static final Trainer NO_TRAINING = (history, horizon) -> {
        throw new AssertionError("trained although the replay should have been refused");
    };

    static AgentPool pool() {
        return SimulationPool.defaults(ReplayOptions.of(10, Duration.ofMinutes(5), Double.NaN), MINUTE);
    }

    /** {@code days} whole days of a constant load from {@code MIDNIGHT}, with {@code gapDays} of gaps first. */
    static TimeSeries days(double days, int gapDays) {
        double[] v = new double[(int) Math.round((days + gapDays) * 1440)];
        Arrays.fill(v, 0, gapDays * 1440, Double.NaN);
        Arrays.fill(v, gapDays * 1440, v.length, 42);
        return TimeSeries.of(MIDNIGHT.minus(Duration.ofDays(gapDays)), MINUTE, v);
    }

    static Stream<Arguments> tooShort() {
        return Stream.of(
                // replay days + 7 days of training must be whole days of data
                Arguments.of("7 days asked, 13 whole days", 7, days(13, 0), "it needs 14 whole days (7 to replay, 7"),
                Arguments.of("1 day asked, 7.5 days", 1, days(7.5, 0), "it needs 8 whole days (1 to replay, 7"),
                // leading gaps (a range reaching before the data) do not count as history
                Arguments.of("1 day asked, 7 days after 9 days of gaps", 1, days(7, 9),
                        "it needs 8 whole days (1 to replay, 7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooShort")
    void tooLittleHistoryIsRefusedWithWhatItNeeds(String name, int days, TimeSeries history, String message) {
        assertThatThrownBy(() -> ShadowReplay.run(history, pool(), days, NO_TRAINING))
                .isInstanceOf(ShadowException.class)
                .hasMessageStartingWith("history too short for a " + days + "-day shadow replay")
                .hasMessageContaining(message);
    }

    @Test
    void allGapsIsRefused() {
        TimeSeries empty = TimeSeries.of(MIDNIGHT, MINUTE, new double[] {Double.NaN, Double.NaN});
        assertThatThrownBy(() -> ShadowReplay.run(empty, pool(), 1, NO_TRAINING))
                .isInstanceOf(ShadowException.class).hasMessage("no recorded values in the history read");
    }

    @Test
    void aPoolWithoutAnAdditiveMetricIsRefused() {
        AgentPool p = pool();
        AgentPool ttftOnly = p.withAutoscaling(new io.neuronetes.scheduler.spec.Autoscaling(
                List.of(new MetricSpec(MetricType.TTFT_P95, Quantity.of(0.5), MINUTE)), p.autoscaling().strategy(),
                p.autoscaling().behavior(), p.autoscaling().cooldownPeriod(), p.autoscaling().useWarmPool(),
                p.autoscaling().replenishStrategy(), p.autoscaling().predictive(), p.autoscaling().sloTarget(),
                p.autoscaling().costConstraints(), p.autoscaling().spotStrategy(), p.autoscaling().externalMetrics()));
        assertThatThrownBy(() -> ShadowReplay.run(days(30, 0), ttftOnly, 1, NO_TRAINING))
                .isInstanceOf(ShadowException.class).hasMessageContaining("no additive metric");
    }

    static Stream<Arguments> starts() {
        return Stream.of(
                // midnight of today - (days + 7 training + 7 lag) days
                // (2024 is a leap year: 4 March - 4 days = 29 February)
                Arguments.of("1 day at noon", "2024-03-04T12:00:00Z", 1, "2024-02-18T00:00:00Z"), // 4 Mar - 15 d
                Arguments.of("7 days just after midnight", "2024-03-04T00:00:01Z", 7, "2024-02-12T00:00:00Z"), // - 21
                Arguments.of("14 days", "2024-03-04T23:59:00Z", 14, "2024-02-05T00:00:00Z")); // - 28 d
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starts")
    void historyIsReadFromMidnightBeforeTrainingAndLags(String name, String now, int days, String start) {
        assertThat(ShadowReplay.historyStart(Instant.parse(now), days, pool())).isEqualTo(Instant.parse(start));
    }

    @Test
    void predictionOffChangesOnlyTheSwitch() {
        AgentPool on = ShadowReplay.withPrediction(pool(), true);
        AgentPool off = ShadowReplay.withPrediction(pool(), false);
        assertThat(on.autoscaling().predictive().enabled()).isTrue();
        assertThat(off.autoscaling().predictive().enabled()).isFalse();
        assertThat(ShadowReplay.withPrediction(off, true)).isEqualTo(on);
        assertThat(off.autoscaling().predictive().schedules()).isEqualTo(on.autoscaling().predictive().schedules());
        assertThat(off.autoscaling().metrics()).isEqualTo(on.autoscaling().metrics());
    }
}
