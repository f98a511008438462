package io.neuronetes.scheduler.plan;

import static io.neuronetes.scheduler.plan.Fixtures.T0;
import static io.neuronetes.scheduler.plan.Fixtures.events;
import static io.neuronetes.scheduler.plan.Fixtures.recs;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.scheduler.metrics.Tolerance;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RateLimit, StabilizationWindow and Tolerance on their own. */
class PolicyRecordsTest {

    private static final Duration MIN = Duration.ofMinutes(1);

    @ParameterizedTest(name = "{0}% / {1} from {2}: up to {3}, down to {4}")
    @CsvSource(nullValues = "-", value = {
        "100, -, 10, 20, 0",   // +ceil(10 * 1) = 20; down: ceil(10 * 0) = 0
        "50, -, 10, 15, 5",    // ceil(10 * 1.5) = 15; ceil(10 * 0.5) = 5
        "-, 3, 10, 13, 7",     // 10 + 3; 10 - 3
        "50, 3, 10, 13, 7",    // stricter: min(+5, +3); max(5, 7)
        "10, -, 7, 8, 7",      // ceil(7 * 1.1) = ceil(7.7) = 8; ceil(7 * 0.9) = ceil(6.3) = 7
        "50, -, 0, 1, 0",      // a percent of 0 is taken of 1: ceil(1 * 1.5) - 1 = +1
        "-, -, 10, 2147483647, 0"})
    void limits(Double percent, Integer absolute, int start, int up, int down) {
        RateLimit r = new RateLimit(percent, absolute, MIN);
        assertThat(r.maxUp(start)).isEqualTo(up);
        assertThat(r.minDown(start)).isEqualTo(down);
    }

    @Test
    void periodStartCountsOnlyThisDirectionWithinThePeriod() {
        RateLimit r = new RateLimit(null, 2, Duration.ofSeconds(60));
        List<PoolState.ScaleEvent> e = events(10, 3, 30, -2, 59, 1, 60, 5); // seconds ago, change
        assertThat(r.periodStart(12, e, T0, true)).isEqualTo(8); // 12 - (3 + 1); 60 s ago is outside
        assertThat(r.periodStart(12, e, T0, false)).isEqualTo(14); // 12 + 2
    }

    @ParameterizedTest(name = "current {0}, new {1} -> {2}")
    @CsvSource({
        "10, 20, 12",  // up: min(20, 12, 15) within 3 m
        "10, 11, 11",  // up: min(11, 12, 15) = 11
        "16, 5, 15",   // down: max(5, 12, 15) within 5 m = 15 (< 16)
        "16, 20, 16",  // up from 16: min(20, 12, 15) = 12 < 16: stays
        "13, 13, 13"})
    void stabilization(int current, int recommendation, int expected) {
        StabilizationWindow w = new StabilizationWindow(Duration.ofMinutes(3), Duration.ofMinutes(5));
        assertThat(w.apply(current, recommendation, recs(1, 12, 2, 15, 6, 40), T0)).isEqualTo(expected);
    }

    @Test
    void recordingDropsRecommendationsOlderThanBothWindows() {
        StabilizationWindow w = new StabilizationWindow(Duration.ofMinutes(3), Duration.ofMinutes(5));
        List<PoolState.Recommendation> kept = w.record(recs(1, 12, 4, 15, 6, 40),
                new PoolState.Recommendation(T0, 9));
        assertThat(kept).extracting(PoolState.Recommendation::replicas).containsExactly(12, 15, 9);
    }

    @ParameterizedTest(name = "ratio {0} within 0.1: {1}")
    @CsvSource({"1.0, true", "1.1, true", "0.9, true", "1.11, false", "0.89, false"})
    void tolerance(double ratio, boolean within) {
        assertThat(Tolerance.HPA.within(ratio)).isEqualTo(within);
    }
}
