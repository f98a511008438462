package io.neuronetes.forecast.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CausalFillTest {

    private static final double N = Double.NaN;

    static Stream<Arguments> cases() {
        // steps per day = 3 in every case
        return Stream.of(
                Arguments.of("no gaps", new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4}),
                Arguments.of("gap takes the value a day earlier", new double[] {1, 2, 3, 4, N, 6},
                        new double[] {1, 2, 3, 4, 2, 6}),
                Arguments.of("day-earlier recursion over a filled gap", new double[] {1, 2, 3, 4, N, 6, 7, N, 9},
                        new double[] {1, 2, 3, 4, 2, 6, 7, 2, 9}),
                Arguments.of("first day has no day before: last observed value", new double[] {1, N, 3},
                        new double[] {1, 1, 3}),
                Arguments.of("day earlier is a gap too: last observed value", new double[] {1, N, 3, 4, N, 6},
                        new double[] {1, 1, 3, 4, 4, 6}),
                Arguments.of("leading gaps take the first observation", new double[] {N, N, 5, 6},
                        new double[] {5, 5, 5, 6}),
                Arguments.of("all gaps become zeros", new double[] {N, N}, new double[] {0, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fillsAsTheBenchDoes(String name, double[] in, double[] expected) {
        double[] copy = in.clone();
        assertThat(CausalFill.fill(in, 3)).containsExactly(expected);
        assertThat(in).as("input not mutated").containsExactly(copy);
    }
}
