package io.neuronetes.forecast.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastMethod;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.Synthetic;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.feature.FeatureSpec;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ForestTrainerTest {

    // 10-minute steps: 144 a day; 14 days of history, trained on the last 7
    private static final TimeSeries SERIES = Synthetic.load(15, 10, 1);
    private static final int END = 14 * 144;
    private static final ForestTrainer TRAINER = new ForestTrainer(ForestSettings.defaults().withTrees(30),
            FeatureSpec.defaults());
    private static ForestModel model;

    @BeforeAll
    static void train() {
        model = (ForestModel) TRAINER.train(SERIES.slice(0, END), SERIES.time(7 * 144), 6);
    }

    @Test
    void forecastsWithCalibratedMonotoneQuantiles() {
        Forecast f = model.forecast(SERIES.slice(0, END), SERIES.time(END - 1), 6);
        assertThat(f.method()).isEqualTo(ForecastMethod.FOREST);
        assertThat(f.horizon()).isEqualTo(6);
        for (int h = 1; h <= 6; h++) {
            double prev = Double.NEGATIVE_INFINITY;
            for (double q : new double[] {0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.995, 0.999}) {
                double v = f.quantile(h, q);
                assertThat(v).as("h=%d q=%s", h, q).isFinite().isGreaterThanOrEqualTo(prev);
                prev = v;
            }
            assertThat(f.lower(h)).isLessThan(f.point(h)).isGreaterThanOrEqualTo(0);
            assertThat(f.upper(h)).isGreaterThan(f.point(h));
            assertThat(f.confidence(h)).isBetween(0.0, 1.0);
        }
    }

    /** Pairs of one step: forest point 100, last value 140, actuals given. */
    private static double[] weights(double[] actual) {
        int n = actual.length;
        int[] step = new int[n];
        double[] point = new double[n];
        double[] last = new double[n];
        java.util.Arrays.fill(step, 1);
        java.util.Arrays.fill(point, 100);
        java.util.Arrays.fill(last, 140);
        return ForestTrainer.persistenceWeights(1, step, point, last, actual);
    }

    @Test
    void persistenceWeightIsTheOneWithTheLeastOutOfBagErrorWhenItClearlyHelps() {
        double[] atLast = new double[40];
        java.util.Arrays.fill(atLast, 140);
        assertThat(weights(atLast)).containsExactly(1.0); // actual = last value: all weight on it
        double[] atForest = new double[40];
        java.util.Arrays.fill(atForest, 100);
        assertThat(weights(atForest)).containsExactly(0.0);
        double[] between = new double[40];
        java.util.Arrays.fill(between, 130); // (1 - w) 100 + w 140 = 130 at w = 0.75
        assertThat(weights(between)).containsExactly(0.75);
        // Actuals spread evenly over 50..160 (median 105): the best weight, about 0.125, lowers the mean absolute
        // error from 27.7 to about 27.5, under 2%: not enough to trust, so the weight stays 0.
        double[] spread = new double[41];
        for (int i = 0; i < spread.length; i++) {
            spread[i] = 50 + 110.0 * i / 40;
        }
        assertThat(weights(spread)).containsExactly(0.0);
        assertThat(weights(new double[] {140, 140, 140})).containsExactly(0.0); // too few pairs to choose
    }

    @Test
    void calibrationRestsOnMorePairsThanTheTreesGrowOn() {
        // about 6,000 pairs in the fit window: the trees grow on 1,000 of them, the calibration on up to 4,000 or on
        // the 1,000 training pairs alone
        ForestModel more = (ForestModel) new ForestTrainer(settings(1000, 4000), FeatureSpec.defaults())
                .train(SERIES.slice(0, END), SERIES.time(7 * 144), 6);
        ForestModel only = (ForestModel) new ForestTrainer(settings(1000, 0), FeatureSpec.defaults())
                .train(SERIES.slice(0, END), SERIES.time(7 * 144), 6);
        assertThat(more.note()).contains("30 trees on 1000 pairs");
        assertThat(calibrated(more)).isGreaterThan(3500).isLessThanOrEqualTo(4000);
        assertThat(calibrated(only)).isGreaterThan(900).isLessThanOrEqualTo(1000);
        // the same trees; only what their out-of-bag forecasts calibrate differs
        assertThat(more.nodes()).isEqualTo(only.nodes());
        assertThat(more.importance()).isEqualTo(only.importance());
        assertThat(more.calibration().standardQuantile(0.99)).isNotEqualTo(only.calibration().standardQuantile(0.99));
    }

    private static ForestSettings settings(int rowCap, int calibrationRows) {
        ForestSettings d = ForestSettings.defaults();
        return new ForestSettings(30, d.maxDepth(), d.maxNodes(), d.nodeSize(), d.mtry(), rowCap, calibrationRows,
                d.sampleRate(), d.seed(), d.minTrainingDays());
    }

    private static int calibrated(ForestModel m) {
        java.util.regex.Matcher k = java.util.regex.Pattern.compile("calibrated on (\\d+) out-of-bag pairs")
                .matcher(m.note());
        assertThat(k.find()).as(m.note()).isTrue();
        return Integer.parseInt(k.group(1));
    }

    @Test
    void aRandomWalkLeansOnTheLastValue() {
        // A random walk: the last value is the best forecast; a forest of level-relative features misses some of it.
        java.util.Random r = new java.util.Random(7);
        double[] v = new double[14 * 144];
        v[0] = 1000;
        for (int i = 1; i < v.length; i++) {
            v[i] = Math.max(1, v[i - 1] + 40 * r.nextGaussian());
        }
        TimeSeries walk = TimeSeries.of(SERIES.start(), SERIES.step(), v);
        ForestModel m = (ForestModel) TRAINER.train(walk, walk.time(7 * 144), 6);
        assertThat(m.persistenceWeights()[0]).isGreaterThanOrEqualTo(0.5);
        assertThat(m.note()).contains("step 1 weighs the last value");
        // the synthetic seasonal series, whose per-step noise the forest already averages, leans on it far less
        // (0 at step 1; 0.25 at step 2, where the hour-long level misses the last minutes' swing)
        assertThat(java.util.Arrays.stream(model.persistenceWeights()).max().orElseThrow()).isLessThanOrEqualTo(0.25);
        assertThat(model.persistenceWeights()[0]).isZero();
    }

    @Test
    void noLookAheadValuesAfterTheOriginDoNotMatter() {
        int origin = 10 * 144 + 37;
        Forecast a = model.forecast(SERIES, SERIES.time(origin), 6);
        Forecast b = model.forecast(Synthetic.with(SERIES, origin + 1, SERIES.size(), 1e6), SERIES.time(origin), 6);
        Forecast c = model.forecast(SERIES.slice(0, origin + 1), SERIES.time(origin), 6);
        for (int h = 1; h <= 6; h++) {
            assertThat(b.point(h)).isEqualTo(a.point(h));
            assertThat(c.point(h)).isEqualTo(a.point(h));
            assertThat(b.quantile(h, 0.995)).isEqualTo(a.quantile(h, 0.995));
        }
        Forecast d = model.forecast(Synthetic.with(SERIES, origin, origin + 1, 1e6), SERIES.time(origin), 6);
        assertThat(d.point(1)).as("the origin's own value is an input").isNotEqualTo(a.point(1));
    }

    @Test
    void gapsInInputsAreFilledAndGapTargetsAreSkipped() {
        // a 5-hour outage in the history and in the last hour before the origin
        TimeSeries gappy = Synthetic.with(Synthetic.with(SERIES, 9 * 144, 9 * 144 + 30, Double.NaN), END - 6, END,
                Double.NaN);
        ForecastModel m = TRAINER.train(gappy.slice(0, END), gappy.time(7 * 144), 6);
        Forecast f = m.forecast(gappy.slice(0, END), gappy.time(END - 1), 6);
        for (int h = 1; h <= 6; h++) {
            assertThat(f.point(h)).isFinite().isPositive();
        }
        double[] raw = gappy.slice(0, END).values();
        int all = TrainingSet.countPairs(SERIES.slice(0, END).values(), 7 * 144, 6);
        int observed = TrainingSet.countPairs(raw, 7 * 144, 6);
        // 30 + 6 gap targets, each the target of 6 pairs (one per step)
        assertThat(all - observed).isEqualTo((30 + 6) * 6);
    }

    @Test
    void aFitWindowMostlyLostToAnOutageStillTrainsAForest() {
        // days 8 to 12 of the 7-day fit window are missing (a Prometheus outage): 2 days of pairs are left, the
        // least a forest trains on. Each tree's bootstrap draws only the days that hold pairs; drawing among all
        // seven days left some trees with no rows at all (training failed with "bound must be positive").
        TimeSeries outage = Synthetic.with(SERIES, 8 * 144, 13 * 144, Double.NaN);
        for (long seed = 0; seed < 3; seed++) {
            ForestTrainer trainer = new ForestTrainer(ForestSettings.defaults().withTrees(100).withSeed(seed),
                    FeatureSpec.defaults());
            ForecastModel m = trainer.train(outage.slice(0, END), outage.time(7 * 144), 6);
            assertThat(m).as("seed %d", seed).isInstanceOf(ForestModel.class);
            Forecast f = m.forecast(outage.slice(0, END), outage.time(END - 1), 6);
            assertThat(f.point(1)).as("seed %d", seed).isFinite().isPositive();
        }
    }

    @Test
    void pairsThatReadValuesMadeUpForAnOutageDoNotWidenTheQuantiles() {
        // the afternoon of day 7 ran at a fifth of the usual load, then days 8 to 10 are missing: the pairs of day 11
        // read filled values a day ago (copies of day 7) and miss by far more than forecasts from observed inputs.
        // They must not calibrate the quantiles of the forecasts that follow, whose inputs are observed again
        // (measured: 1.25 times the width without the outage; 2.0 times when they calibrate them too).
        double[] v = SERIES.values();
        for (int i = 7 * 144 + 72; i < 8 * 144; i++) {
            v[i] *= 0.2;
        }
        TimeSeries outage = Synthetic.with(TimeSeries.of(SERIES.start(), SERIES.step(), v), 8 * 144, 11 * 144,
                Double.NaN);
        ForecastModel gappy = TRAINER.train(outage.slice(0, END), outage.time(7 * 144), 6);
        int origin = END - 1;
        Forecast withOutage = gappy.forecast(outage.slice(0, END), outage.time(origin), 6);
        Forecast without = model.forecast(SERIES.slice(0, END), SERIES.time(origin), 6);
        double width = 0;
        double reference = 0;
        for (int h = 1; h <= 6; h++) {
            width += withOutage.quantile(h, 0.995) - withOutage.point(h);
            reference += without.quantile(h, 0.995) - without.point(h);
        }
        assertThat(width / 6).as("the 0.995 quantile above the point, mean of the 6 steps, against %.1f without"
                + " the outage", reference / 6).isLessThan(1.5 * reference / 6);
    }

    @Test
    void tooLittleHistoryFallsBackToSeasonalNaiveAndSaysSo() {
        ForecastModel m = TRAINER.train(SERIES.slice(0, 144 + 20), 6);
        assertThat(m).isInstanceOf(SeasonalNaiveModel.class);
        Forecast f = m.forecast(SERIES.slice(0, 144 + 20), SERIES.time(144 + 19), 6);
        assertThat(f.method()).isEqualTo(ForecastMethod.SEASONAL_NAIVE);
        assertThat(f.note()).contains("too little history", "day lag; step 1 from the mean of the last 60 minutes");
        assertThat(f.confidence()).isZero();
        // step 1: the mean of the hour up to the origin (indices 158..163) missed less on the day of history
        double hour = 0;
        for (int i = 144 + 14; i <= 144 + 19; i++) {
            hour += SERIES.value(i) / 6;
        }
        assertThat(f.point(1)).isCloseTo(hour, org.assertj.core.data.Offset.offset(1e-9));
        // step 2 is the value one day before the target: index 144 + 21 - 144 = 21
        assertThat(f.point(2)).isEqualTo(SERIES.value(21));
    }

    @Test
    void badHorizonsAndOriginsAreRejected() {
        assertThatThrownBy(() -> TRAINER.train(SERIES, 0)).hasMessageContaining("horizon must be in 1..144");
        assertThatThrownBy(() -> TRAINER.train(SERIES, 145)).hasMessageContaining("horizon must be in 1..144");
        assertThatThrownBy(() -> model.forecast(SERIES, SERIES.time(END), 7))
                .hasMessageContaining("horizon must be in 1..6");
        assertThatThrownBy(() -> model.forecast(SERIES, SERIES.time(END).plusSeconds(1), 3))
                .hasMessageContaining("not on the grid");
        assertThatThrownBy(() -> model.forecast(SERIES, Instant.parse("2030-01-01T00:00:00Z"), 3))
                .hasMessageContaining("outside the series");
        assertThatThrownBy(() -> model.forecast(SERIES, SERIES.time(END), 3).quantile(1, 1.0))
                .hasMessageContaining("(0, 1)");
    }
}
