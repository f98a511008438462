package io.neuronetes.forecast.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuronetes.forecast.StepDistribution;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ResidualCalibrationTest {

    /** Residuals of sd = (h / 2 + 1) * level^power, levels spread over 10..1000. */
    private static ResidualCalibration fitted(double power, long seed, int n, double[] sdOut) {
        Random r = new Random(seed);
        int[] step = new int[n];
        double[] point = new double[n];
        double[] actual = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = 1 + i % 4;
            point[i] = 10 * Math.pow(100, r.nextDouble());
            actual[i] = point[i] + (step[i] / 2.0 + 1) * Math.pow(point[i], power) * r.nextGaussian();
        }
        return ResidualCalibration.fit(4, step, point, actual, false);
    }

    static Stream<Arguments> powers() {
        return Stream.of(Arguments.of(0.0), Arguments.of(0.5), Arguments.of(1.0));
    }

    @ParameterizedTest(name = "noise ~ level^{0}")
    @MethodSource("powers")
    void recoversTheNoisePowerAndGaussianQuantiles(double power) {
        ResidualCalibration c = fitted(power, 3, 40_000, null);
        assertThat(c.power()).isCloseTo(power, within(0.05));
        // standardised by the mean |z| (sqrt(2/pi) for a Gaussian): quantile q is z_q / sqrt(2/pi)
        double k = Math.sqrt(Math.PI / 2);
        assertThat(c.standardQuantile(0.9)).isCloseTo(1.2816 * k, within(0.05));
        assertThat(c.standardQuantile(0.5)).isCloseTo(0, within(0.03));
        assertThat(c.standardQuantile(0.99)).isCloseTo(2.3263 * k, within(0.15));
        assertThat(c.standardQuantile(0.999)).isCloseTo(3.0902 * k, within(0.35));
    }

    @Test
    void coversNominallyOnFreshResiduals() {
        ResidualCalibration c = fitted(0.5, 5, 20_000, null);
        Random r = new Random(99);
        int n = 50_000;
        int in80 = 0;
        int below99 = 0;
        int below999 = 0;
        for (int i = 0; i < n; i++) {
            int h = 1 + i % 4;
            double point = 10 * Math.pow(100, r.nextDouble());
            double actual = point + (h / 2.0 + 1) * Math.sqrt(point) * r.nextGaussian();
            StepDistribution d = c.distribution(h, point);
            in80 += d.quantile(0.1) <= actual && actual <= d.quantile(0.9) ? 1 : 0;
            below99 += actual <= d.quantile(0.99) ? 1 : 0;
            below999 += actual <= d.quantile(0.999) ? 1 : 0;
        }
        assertThat(in80 / (double) n).isCloseTo(0.80, within(0.01));
        assertThat(below99 / (double) n).isCloseTo(0.99, within(0.003));
        assertThat(below999 / (double) n).isCloseTo(0.999, within(0.001));
    }

    @Test
    void nonNegativeSeriesGetNoNegativeQuantiles() {
        Random r = new Random(1);
        int n = 500;
        int[] step = new int[n];
        double[] point = new double[n];
        double[] actual = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = 1;
            point[i] = 1 + r.nextDouble();
            actual[i] = Math.max(0, point[i] + 3 * r.nextGaussian());
        }
        StepDistribution d = ResidualCalibration.fit(1, step, point, actual, true).distribution(1, 1.0);
        assertThat(d.quantile(0.001)).isZero();
        assertThatThrownBy(() -> d.quantile(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Residuals of one step at a level of 1: a Gaussian body with a heavier upper tail (every 50th doubled). */
    private static ResidualCalibration skewed(int n, double[] zOut) {
        Random r = new Random(11);
        int[] step = new int[n];
        double[] point = new double[n];
        double[] actual = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = 1;
            point[i] = 100;
            double g = Math.abs(r.nextGaussian());
            double e = i % 50 == 0 ? 2 * g : r.nextGaussian();
            actual[i] = point[i] + e;
            if (zOut != null) {
                zOut[i] = e;
            }
        }
        return ResidualCalibration.fit(1, step, point, actual, false);
    }

    @Test
    void tailQuantilesAreReadFromTheResidualsWhereAtLeast30LieBeyond() {
        int n = 12_000;
        double[] e = new double[n];
        ResidualCalibration c = skewed(n, e);
        java.util.Arrays.sort(e);
        StepDistribution d = c.distribution(1, 100);
        // 0.99 and 0.995 have 120 and 60 residuals beyond: the model's quantile is the residuals' own (within the
        // log-interpolation between knots); 0.999 (12 beyond) is extrapolated from the last knot (0.9975).
        for (double q : new double[] {0.95, 0.99, 0.995, 0.9975}) {
            double empirical = Tail.empirical(e, q);
            assertThat(d.quantile(q) - 100).as("q%s", q).isCloseTo(empirical, within(0.02 * empirical));
        }
        assertThat(d.quantile(0.999)).isGreaterThan(d.quantile(0.9975));
        assertThat(d.quantile(0.005) - 100).isCloseTo(Tail.empirical(e, 0.005), within(0.05));
    }

    @Test
    void quantilesAreMonotoneAndContinuousAcrossBodyKnotsAndTail() {
        for (int n : new int[] {200, 12_000}) { // 200: too few for empirical tails, the fitted tails alone
            StepDistribution d = skewed(n, null).distribution(1, 100);
            double previous = Double.NEGATIVE_INFINITY;
            for (double q = 0.0005; q < 0.9996; q += 0.0005) {
                double v = d.quantile(q);
                assertThat(v).as("n=%d q=%s", n, q).isGreaterThanOrEqualTo(previous);
                previous = v;
            }
            for (double edge : new double[] {0.1, 0.9, 1 - 30.0 / n}) {
                assertThat(d.quantile(edge + 1e-9) - d.quantile(edge - 1e-9)).as("n=%d at %s", n, edge)
                        .isLessThan(1e-3);
            }
        }
    }

    @Test
    void tooFewResidualsAreRefused() {
        assertThatThrownBy(() -> ResidualCalibration.fit(1, new int[5], new double[5], new double[5], false))
                .hasMessageContaining("at least 20");
    }
}
