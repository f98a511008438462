package io.neuronetes.forecast.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fallback: per step, the seasonal value or the last hour's mean, whichever missed less on the history. */
class SeasonalNaiveModelTest {

    private static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(10);
    private static final int DAY = 144;

    /** Five days, each at its own level with a little noise: yesterday says little, the last hour a lot. */
    private static double[] dailyLevels() {
        Random r = new Random(7);
        double[] v = new double[5 * DAY];
        for (int d = 0; d < 5; d++) {
            double level = 50 + 100 * r.nextDouble();
            for (int i = 0; i < DAY; i++) {
                v[d * DAY + i] = level + 2 * r.nextGaussian();
            }
        }
        return v;
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = from; i <= to; i++) {
            if (!Double.isNaN(v[i])) {
                sum += v[i];
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void stepsWhereTheLastHourMissedLessForecastItsMean() {
        double[] v = dailyLevels();
        TimeSeries s = TimeSeries.of(START, STEP, v);
        SeasonalNaiveModel m = SeasonalNaiveModel.fallback(s, 6, "test");
        int o = v.length - 1 - 30;
        Forecast f = m.forecast(s, s.time(o), 6);
        assertThat(m.note()).isEqualTo("seasonal naive (day lag; steps 1-6 from the mean of the last 60 minutes, "
                + "which missed less on the history): test");
        for (int h = 1; h <= 6; h++) {
            assertThat(f.point(h)).isCloseTo(mean(v, o - 5, o), offset(1e-9));
        }
        // the quantiles are calibrated on the mean's own errors (noise sd 2, and a lag of an hour at each day's
        // change of level): the 80% interval is far narrower than the seasonal value's, whose errors are the jumps
        Forecast seasonal = SeasonalNaiveModel.fit(s, 6, "test").forecast(s, s.time(o), 6);
        assertThat(f.quantile(1, 0.9) - f.point(1)).isLessThan(5)
                .isLessThan((seasonal.quantile(1, 0.9) - seasonal.point(1)) / 4);
    }

    @Test
    void aSeasonalShapeTheHourCannotFollowKeepsTheSeasonalValue() {
        double[] v = new double[5 * DAY];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 80 * Math.sin(2 * Math.PI * i / DAY);
        }
        TimeSeries s = TimeSeries.of(START, STEP, v);
        SeasonalNaiveModel m = SeasonalNaiveModel.fallback(s, 6, "test");
        assertThat(m.note()).isEqualTo("seasonal naive (day lag): test");
        int o = v.length - 1 - 30;
        Forecast f = m.forecast(s, s.time(o), 6);
        Forecast reference = SeasonalNaiveModel.fit(s, 6, "test").forecast(s, s.time(o), 6);
        for (int h = 1; h <= 6; h++) {
            assertThat(f.point(h)).isEqualTo(v[o + h - DAY]).isEqualTo(reference.point(h));
        }
    }

    @Test
    void theMeanReadsObservedValuesOnlyAndNeedsHalfOfTheHour() {
        double[] v = dailyLevels();
        int o = v.length - 1 - 30;
        v[o] = Double.NaN;
        v[o - 2] = Double.NaN;
        TimeSeries s = TimeSeries.of(START, STEP, v);
        SeasonalNaiveModel m = SeasonalNaiveModel.fallback(s, 6, "test");
        assertThat(m.forecast(s, s.time(o), 6).point(1)).isCloseTo(mean(v, o - 5, o), offset(1e-9));
        // four of the six missing: too little of the hour to trust; the seasonal value stands in
        v[o - 1] = Double.NaN;
        v[o - 3] = Double.NaN;
        TimeSeries gappy = TimeSeries.of(START, STEP, v);
        assertThat(m.forecast(gappy, gappy.time(o), 6).point(1)).isEqualTo(v[o + 1 - DAY]);
    }

    @Test
    void theReferenceNeverUsesTheMean() {
        TimeSeries s = TimeSeries.of(START, STEP, dailyLevels());
        SeasonalNaiveModel m = SeasonalNaiveModel.fit(s, 6, "reference");
        int o = s.size() - 1 - 30;
        assertThat(m.note()).isEqualTo("seasonal naive (day lag): reference");
        assertThat(m.forecast(s, s.time(o), 6).point(3)).isEqualTo(s.value(o + 3 - DAY));
    }
}
