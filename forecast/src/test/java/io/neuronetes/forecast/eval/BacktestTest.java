package io.neuronetes.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.Synthetic;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.forest.SeasonalNaiveModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestTest {

    // hourly: 24 steps a day, 10 days; eval days 8 and 9 start at indices 192 and 216
    private static final TimeSeries SERIES = Synthetic.with(Synthetic.load(10, 60, 3), 200, 201, Double.NaN);

    /** A seasonal-naive trainer that records what it was given. */
    private static final class Recording implements Trainer {
        final List<Instant> ends = new ArrayList<>();
        final List<Instant> fitFroms = new ArrayList<>();

        @Override
        public ForecastModel train(TimeSeries history, int horizon) {
            throw new AssertionError("the backtest passes the fit window");
        }

        @Override
        public ForecastModel train(TimeSeries history, Instant fitFrom, int horizon) {
            ends.add(history.end());
            fitFroms.add(fitFrom);
            return SeasonalNaiveModel.fit(history, horizon, "reference");
        }
    }

    @Test
    void followsTheBenchProtocol() {
        Recording trainer = new Recording();
        BacktestResult r = Backtest.run(SERIES, trainer, new Backtest.Settings(7, 2, 3, 5));
        // one training per evaluation day, on the 7 days before it, never seeing the day itself
        assertThat(trainer.ends).containsExactly(SERIES.time(192), SERIES.time(216));
        assertThat(trainer.fitFroms).containsExactly(SERIES.time(192 - 7 * 24), SERIES.time(216 - 7 * 24));
        // origins every 5 steps while t < d + 24: 0, 5, 10, 15, 20 in each day
        assertThat(r.forecasts()).hasSize(10);
        assertThat(r.forecasts().get(1).origin()).isEqualTo(SERIES.time(197));
        // 10 origins * 3 steps, less the one pair whose target (index 200 = 197 + 3) is a gap
        assertThat(r.overall().pairs()).isEqualTo(29);
        assertThat(r.steps()[2].pairs()).isEqualTo(9);
        // the model is the reference itself: relMAE exactly 1 on every step
        for (StepScores s : r.steps()) {
            assertThat(s.relMae()).isEqualTo(1.0);
        }
        assertThat(r.overall().relMae()).isEqualTo(1.0);
        assertThat(r.confidence()).hasSize(3);
    }

    @Test
    void originsFurtherApartThanADayGiveEachDayItsMidnightOrigin() {
        // every 24 steps and every Integer.MAX_VALUE steps alike: t = d only, as t + every >= d + 24
        for (int every : new int[] {24, Integer.MAX_VALUE}) {
            BacktestResult r = Backtest.run(SERIES, new Recording(), new Backtest.Settings(7, 2, 3, every));
            assertThat(r.forecasts()).extracting(f -> f.origin()).as("every %d", every)
                    .containsExactly(SERIES.time(192), SERIES.time(216));
        }
    }

    @Test
    void badSettingsAreExplained() {
        assertThatThrownBy(() -> new Backtest.Settings(7, 7, -3, 10)).hasMessage("horizon must be >= 1, got -3");
        assertThatThrownBy(() -> new Backtest.Settings(7, 7, 10, 0)).hasMessage("origin every must be >= 1, got 0");
        assertThatThrownBy(() -> Backtest.run(SERIES, new Recording(), new Backtest.Settings(7, 2, 25, 1)))
                .hasMessage("horizon 25 exceeds one day (24 steps)");
        assertThatThrownBy(() -> Backtest.run(SERIES, new Recording(), new Backtest.Settings(7, 4, 3, 1)))
                .hasMessageContaining("needs 7");
    }
}
