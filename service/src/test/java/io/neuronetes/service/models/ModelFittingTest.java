package io.neuronetes.service.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelFittingTest {

    /** Hourly steps, flat load, {@code days} whole days from midnight. */
    private static TimeSeries hours(int days) {
        double[] v = new double[days * 24];
        java.util.Arrays.fill(v, 10);
        return TimeSeries.of(Instant.parse("2026-01-05T00:00:00Z"), Duration.ofHours(1), v);
    }

    private static final ForecastModel BROKEN = new ForecastModel() {
        @Override
        public Forecast forecast(TimeSeries series, Instant origin, int horizon) {
            throw new IllegalArgumentException("the model cannot read this series");
        }

        @Override
        public int horizon() {
            return 2;
        }
    };

    @Test
    void tooLittleHistoryForABacktestGivesNone() {
        // 7 days before the one evaluation day are needed; 5 days hold no evaluation day with them
        assertThat(ModelFitting.backtestFixed(hours(5), BROKEN, 7, 2)).isNull();
    }

    @Test
    void aModelThatFailsInTheBacktestIsAnErrorNotTooLittleHistory() {
        // with enough history the backtest runs; the model's failure reaches the caller (a retrain reports it as
        // failed) instead of reading as "no backtest (too little history)"
        assertThatThrownBy(() -> ModelFitting.backtestFixed(hours(9), BROKEN, 7, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model cannot read this series");
    }
}
