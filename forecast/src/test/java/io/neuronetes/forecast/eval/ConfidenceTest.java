package io.neuronetes.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfidenceTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, relMAE, cov80, miss99, expected
                Arguments.of("perfect", 0.0, 0.8, 0.0, 1.0),
                Arguments.of("parity with seasonal naive", 1.0, 0.8, 0.01, 0.5), // 1 - 1/2
                Arguments.of("good forest", 0.6, 0.8, 0.01, 0.82), // 1 - 0.36/2
                Arguments.of("under-covering interval", 0.6, 0.6, 0.01, 0.82 * 0.5), // C = 1 - 0.2/0.4
                Arguments.of("over-covering interval", 0.6, 0.9, 0.01, 0.82 * 0.75), // C = 1 - 0.1/0.4
                Arguments.of("tail misses 5.5%", 0.6, 0.8, 0.055, 0.82 * 0.5), // T = 1 - 0.045/0.09
                Arguments.of("worse than sqrt 2", 1.5, 0.8, 0.0, 0.0), // 1 - 2.25/2 < 0
                Arguments.of("no reference", Double.NaN, 0.8, 0.0, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoreIsAccuracyTimesCalibrationTimesTail(String name, double relMae, double cov80, double miss99,
            double expected) {
        assertThat(Confidence.score(relMae, cov80, miss99)).isCloseTo(expected, within(1e-12));
    }
}
