package io.neuronetes.scheduler.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bench's replay rules, one step = 60 s, capacity 10. */
class BenchReplayTest {

    static Stream<Arguments> cases() {
        double n = Double.NaN;
        return Stream.of(
                // name, demand, provisioned, cold start s, expected violation %
                Arguments.of("no cold start", new double[] {10, 40, 20}, new int[] {1, 4, 2}, 0.0,
                        0.0), // ready = provisioned
                Arguments.of("growth serves after the cold start", new double[] {20, 40, 40, 40},
                        new int[] {2, 4, 4, 4}, 120.0, 50.0), // +2 at 60 s ready at 180 s: steps 1, 2 violated
                Arguments.of("a fraction of a step counts", new double[] {10, 30, 30}, new int[] {1, 3, 3}, 90.0,
                        200.0 / 3), // step 2: 1 + 2 * 0.5 ready = 20 < 30
                Arguments.of("shrinking removes the youngest at once", new double[] {20, 20, 21, 30},
                        new int[] {2, 4, 3, 3}, 120.0, 25.0), // step 2: 2 old ready, 21 > 20; step 3: 3 ready
                Arguments.of("the first step starts ready", new double[] {50}, new int[] {5}, 300.0, 0.0),
                Arguments.of("gaps are not scored", new double[] {10, n, 10}, new int[] {1, 1, 1}, 0.0, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void violations(String name, double[] demand, int[] provisioned, double cold, double expected) {
        ReplayScore s = BenchReplay.score(demand, provisioned, 60, cold, 10, Double.NaN);
        assertThat(s.violationPct()).isCloseTo(expected, Offset.offset(1e-9));
    }

    @Test
    void gapsCostAndEventsCount() {
        ReplayScore s = BenchReplay.score(new double[] {10, Double.NaN, 30}, new int[] {1, 5, 3}, 60, 0, 10, 0.1);
        assertThat(s.steps()).isEqualTo(2);
        assertThat(s.gpuHours()).isCloseTo(9 * 60 / 3600.0, Offset.offset(1e-12)); // (1 + 5 + 3) minutes
        assertThat(s.costRatio()).isCloseTo(1.5, Offset.offset(1e-9)); // 0.15 / 0.1
        assertThat(new int[] {s.scaleEvents(), s.scaleUps(), s.scaleDowns(), s.peakReplicas()})
                .containsExactly(2, 1, 1, 5);
        assertThat(s.unservedPct()).isZero();
    }

    @Test
    void unservedDemandIsTheShortfallShare() {
        ReplayScore s = BenchReplay.score(new double[] {10, 40}, new int[] {1, 1}, 60, 0, 10, Double.NaN);
        assertThat(s.unservedPct()).isCloseTo(60.0, Offset.offset(1e-9)); // (40 - 10) / (10 + 40)
    }

    @Test
    void theOracleAsksForTheLargestNeedOverTheLead() {
        // need = ceil(demand / 10) clamped to [1, 1000], a gap = 1; lead = ceil(60 / 60) = 1 step
        int[] oracle = BenchReplay.oracle(new double[] {10, 50, 20, Double.NaN, 3}, 5, 60, 60, 10, 1, 1000);
        assertThat(oracle).containsExactly(5, 5, 2, 1, 1);
    }
}
