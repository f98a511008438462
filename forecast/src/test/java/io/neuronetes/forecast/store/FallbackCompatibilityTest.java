package io.neuronetes.forecast.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.forest.SeasonalNaiveModel;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A fallback model stored by the release before the fallback could forecast the recent mean (commit 060b932, written
 * by {@code ModelCodec.serialize(SeasonalNaiveModel.fit(series(), 6, "too little history"))}) still loads after an
 * upgrade and forecasts exactly what it did: the seasonal value, with the same intervals and note.
 */
class FallbackCompatibilityTest {

    /** The series the stored model was fitted on: three days of 10-minute steps. */
    private static TimeSeries series() {
        double[] v = new double[3 * 144];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 50 * Math.sin(2 * Math.PI * i / 144) + (i * 37 % 11);
        }
        return TimeSeries.of(Instant.parse("2024-03-04T00:00:00Z"), Duration.ofMinutes(10), v);
    }

    @Test
    void aFallbackStoredBeforeTheRecentMeanForecastsAsItDid() throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/compat/fallback-0.1.0-060b932.model")) {
            bytes = in.readAllBytes();
        }
        ForecastModel stored = ModelCodec.deserialize(bytes);
        TimeSeries s = series();
        SeasonalNaiveModel plain = SeasonalNaiveModel.fit(s, 6, "too little history");
        assertThat(((SeasonalNaiveModel) stored).note()).isEqualTo(plain.note())
                .isEqualTo("seasonal naive (day lag): too little history");
        for (int o : new int[] {200, 300, s.size() - 1}) {
            Forecast was = stored.forecast(s, s.time(o), 6);
            Forecast now = plain.forecast(s, s.time(o), 6);
            for (int h = 1; h <= 6; h++) {
                assertThat(was.point(h)).isEqualTo(now.point(h));
                for (double q : new double[] {0.1, 0.5, 0.97, 0.995}) {
                    assertThat(was.quantile(h, q)).isEqualTo(now.quantile(h, q));
                }
            }
        }
    }
}
