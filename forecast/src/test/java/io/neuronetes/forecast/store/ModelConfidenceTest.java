package io.neuronetes.forecast.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.Synthetic;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestModel;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
import org.junit.jupiter.api.Test;

/**
 * The confidence a forest's forecasts carry: the backtest's over all steps together once attached, kept through the
 * model store; the lowest step confidence for a model written before that figure existed.
 */
class ModelConfidenceTest {

    private static final TimeSeries SERIES = Synthetic.load(10, 30, 4);
    private static final ForestTrainer TRAINER = new ForestTrainer(ForestSettings.defaults().withTrees(10),
            FeatureSpec.defaults());

    @Test
    void theOverallConfidenceIsTheForecastsConfidenceAndSurvivesTheStore() throws Exception {
        ForestModel m = ((ForestModel) TRAINER.train(SERIES, SERIES.time(3 * 48), 4))
                .withConfidence(new double[] {0.8, 0.45, 0.7, 0.6}, 0.72);
        ForestModel back = (ForestModel) ModelCodec.deserialize(ModelCodec.serialize(m));
        Forecast f = back.forecast(SERIES, SERIES.time(SERIES.size() - 1), 4);
        assertThat(f.confidence()).isEqualTo(0.72); // not the lowest step's 0.45
        assertThat(f.confidence(2)).isEqualTo(0.45);
        assertThat(back.confidence()).isEqualTo(0.72);
        // a shorter forecast carries the model's figure too
        assertThat(back.forecast(SERIES, SERIES.time(SERIES.size() - 1), 2).confidence()).isEqualTo(0.72);
    }

    @Test
    void aModelWrittenBeforeTheOverallFigureGatesOnItsLowestStep() {
        ForestModel golden = (ForestModel) new FileModelStore(GoldenModel.ROOT, 1).loadLatest(GoldenModel.POOL,
                GoldenModel.METRIC).orElseThrow().model();
        TimeSeries s = GoldenModel.series();
        Forecast f = golden.forecast(s, s.time(s.size() - 1), golden.horizon());
        assertThat(f.confidence()).isEqualTo(Forecast.lowest(golden.stepConfidence()));
        assertThat(golden.confidence()).isEqualTo(f.confidence());
    }

    @Test
    void anOverallConfidenceOutsideZeroToOneIsRefused() {
        ForestModel m = (ForestModel) TRAINER.train(SERIES, SERIES.time(3 * 48), 4);
        assertThatThrownBy(() -> m.withConfidence(new double[4], 1.2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidence must be in [0, 1], got 1.2");
        assertThatThrownBy(() -> m.withConfidence(new double[4], Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
