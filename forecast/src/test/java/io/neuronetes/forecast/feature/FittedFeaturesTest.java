package io.neuronetes.forecast.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FittedFeaturesTest {

    // one step per 6 hours: 4 steps a day, 28 a week
    private static final Duration STEP = Duration.ofHours(6);

    private static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void benchFeaturesOfOnePair() {
        FittedFeatures f = new FeatureSpec(List.of(360, 720), List.of(720), List.of(720), List.of(), 0, false, 0,
                FeatureSpec.Transform.NONE, 0)
                .fit(STEP);
        assertThat(f.names()).containsExactly("tod_sin", "tod_cos", "dow", "h", "y0", "lag1", "lag2", "day", "week",
                "mean2", "max2");
        double[] row = new double[f.width()];
        // origin t = 30, h = 2: target s = 32 at 8 days 0 h after the epoch (a Friday: (8 + 3) % 7 = 4)
        f.row(f.input(ramp(40)), 0, 30, 2, row);
        assertThat(row[0]).isCloseTo(0, within(1e-12));
        assertThat(row[1]).isCloseTo(1, within(1e-12));
        assertThat(row).containsSequence(4, 2, 30, 29, 28, 28 /* day: 32 - 4 */, 4 /* week: 32 - 28 */,
                29.5 /* mean of 29, 30 */, 30 /* max of 29, 30 */);
    }

    @Test
    void relativeLogFeaturesAndTargetRoundTrip() {
        FittedFeatures f = new FeatureSpec(List.of(360), List.of(), List.of(), List.of(360), 0, true, 720,
                FeatureSpec.Transform.LOG, 0).fit(STEP);
        FittedFeatures.Input in = f.input(ramp(40));
        double level = (Math.log1p(29) + Math.log1p(30)) / 2;
        assertThat(f.level(in, 30)).isCloseTo(level, within(1e-12));
        double target = f.target(in, 30, 33);
        assertThat(target).isCloseTo(Math.log1p(33) - level, within(1e-12));
        assertThat(f.toValue(in, 30, target)).isCloseTo(33, within(1e-9));
    }

    @Test
    void seasonalLagsBeforeTheSeriesFallBackAsInTheBench() {
        FittedFeatures f = new FeatureSpec(List.of(360), List.of(), List.of(), List.of(), 0, false, 0,
                FeatureSpec.Transform.NONE, 0).fit(STEP);
        double[] row = new double[f.width()];
        // t = 1, h = 1: s = 2; the day lag (index -2) falls back to y[t] = 1, the week lag to the day lag
        f.row(f.input(ramp(10)), 0, 1, 1, row);
        assertThat(row).endsWith(1, 1);
        // t = 5, h = 1: s = 6; day lag index 2 exists, week lag (-22) falls back to it
        f.row(f.input(ramp(10)), 0, 5, 1, row);
        assertThat(row).endsWith(2, 2);
    }

    @Test
    void rowsNeverReadPastTheOrigin() {
        FittedFeatures f = FeatureSpec.defaults().fit(Duration.ofMinutes(10));
        double[] a = ramp(3000);
        double[] b = a.clone();
        for (int i = 2001; i < b.length; i++) {
            b[i] = -1e6;
        }
        double[] ra = new double[f.width()];
        double[] rb = new double[f.width()];
        for (int h = 1; h <= 144; h++) {
            f.row(f.input(a), 0, 2000, h, ra);
            f.row(f.input(b), 0, 2000, h, rb);
            assertThat(rb).as("h=%d", h).containsExactly(ra);
        }
    }

    @Test
    void stepMustDivideADayAndHashIsStable() {
        assertThatThrownBy(() -> FeatureSpec.defaults().fit(Duration.ofSeconds(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not divide a day");
        assertThat(FeatureSpec.defaults().hash()).isEqualTo(FeatureSpec.defaults().hash()).hasSize(16);
        assertThat(FeatureSpec.BENCH.hash()).isNotEqualTo(FeatureSpec.defaults().hash());
    }

    @Test
    void aPairReadsObservedInputsUnlessARecentOrDayAgoInputIsAGap() {
        // the default spec on 10-minute steps: the recent window is the 240-minute mean (24 steps), the day-ago
        // level window 60 minutes (6 steps), the target's neighbourhood a day ago 5 minutes (1 step) either side
        FittedFeatures f = FeatureSpec.defaults().fit(Duration.ofMinutes(10));
        int t = 8 * 144 + 50;
        int h = 3;
        int s = t + h;
        assertThat(f.readsObserved(FittedFeatures.gapsBefore(ramp(9 * 144)), t, h)).isTrue();
        int[][] readGaps = {{t}, {t - 23}, {t - 144}, {t - 144 - 5}, {s - 144 - 1}, {s - 144 + 1}};
        for (int[] gap : readGaps) {
            assertThat(f.readsObserved(gapAt(gap[0]), t, h)).as("a gap at t %+d", gap[0] - t).isFalse();
        }
        // not read, or read only a week ago (after a days-long outage every pair of the next week reads those)
        int[][] otherGaps = {{t + 1}, {s}, {t - 24}, {t - 144 - 6}, {s - 144 - 2}, {s - 144 + 2}, {s - 7 * 144},
            {t - 7 * 144}};
        for (int[] gap : otherGaps) {
            assertThat(f.readsObserved(gapAt(gap[0]), t, h)).as("a gap at t %+d", gap[0] - t).isTrue();
        }
    }

    private static int[] gapAt(int i) {
        double[] v = ramp(9 * 144);
        v[i] = Double.NaN;
        return FittedFeatures.gapsBefore(v);
    }
}
