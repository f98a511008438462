package io.neuronetes.service.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestModel;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
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

    /**
     * The forecasts of a fitted forest carry the backtest's confidence over all steps together, which the pool's
     * gate reads; the lowest step's, resting on a few dozen pairs each, would be biased low.
     */
    @Test
    void theFittedForestsForecastsCarryTheBacktestsConfidenceOverAllSteps() {
        java.util.Random noise = new java.util.Random(7);
        double[] v = new double[16 * 48];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 50 * Math.sin(2 * Math.PI * (i % 48) / 48.0) + 10 * noise.nextGaussian();
        }
        TimeSeries history = TimeSeries.of(Instant.parse("2026-01-05T00:00:00Z"), Duration.ofMinutes(30), v);
        ModelFitting.Fitted f = ModelFitting.fit("p", "load", history, Duration.ofDays(7), 4, history.end(),
                new ForestTrainer(ForestSettings.defaults().withTrees(20), FeatureSpec.defaults()));
        double overall = f.backtest().overallConfidence();
        assertThat(overall).isEqualTo(f.backtest().overall().confidence()).isBetween(0.0, 1.0);
        Forecast forecast = f.model().forecast(history, history.time(history.size() - 1), 4);
        assertThat(forecast.confidence()).isEqualTo(overall);
        assertThat(((ForestModel) f.model()).stepConfidence()).containsExactly(f.backtest().confidence());
        assertThat(f.metadata().backtest()).containsEntry("overallConfidence", overall);
    }
}
