package io.neuronetes.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.io.TraceCsv;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluationDaysTest {

    private static TimeSeries hourly(String start, int hours) {
        return TimeSeries.of(Instant.parse(start), Duration.ofHours(1), new double[hours]);
    }

    @Test
    void lastWholeDaysSkipLeadingAndTrailingPartialDays() {
        // starts 18:00, so day 0 begins at index 6; 6 + 10 * 24 + 5 steps: ten whole days and a partial one
        TimeSeries s = hourly("2020-01-01T18:00:00Z", 6 + 10 * 24 + 5);
        EvaluationDays d = EvaluationDays.of(s, 3, 7);
        assertThat(d.stepsPerDay()).isEqualTo(24);
        assertThat(d.firstSteps()).containsExactly(6 + 7 * 24, 6 + 8 * 24, 6 + 9 * 24);
        assertThat(d.day(0)).isEqualTo(Instant.parse("2020-01-09T00:00:00Z"));
        assertThat(d.historyStart(0)).isEqualTo(6);
    }

    @Test
    void dayEndingExactlyOnTheLastRowIsWhole() {
        EvaluationDays d = EvaluationDays.of(hourly("2020-01-01T00:00:00Z", 8 * 24), 1, 7);
        assertThat(d.firstSteps()).containsExactly(7 * 24);
    }

    static Stream<Arguments> badCases() {
        return Stream.of(
                Arguments.of("too many eval days", hourly("2020-01-01T00:00:00Z", 8 * 24), 9, 7,
                        "the series has 8 whole days; 9 evaluation days are too many: at most 1 evaluation day fits, "
                                + "each with 7 days of history before it"),
                Arguments.of("too many eval days, none with its history", hourly("2020-01-01T00:00:00Z", 8 * 24),
                        9, 8, "9 evaluation days are too many: no whole day has 8 days of history before it"),
                Arguments.of("less than 7 days before", hourly("2020-01-01T00:00:00Z", 8 * 24), 2, 3,
                        "has 6 whole days of history before it, needs 7; use at most 1 evaluation day, or fewer "
                                + "history days"),
                Arguments.of("less than history days before", hourly("2020-01-01T00:00:00Z", 12 * 24), 3, 10,
                        "has 9 whole days of history before it, needs 10; use at most 2 evaluation days, or fewer "
                                + "history days"),
                Arguments.of("no day with its history before it", hourly("2020-01-01T00:00:00Z", 8 * 24), 1, 8,
                        "has 7 whole days of history before it, needs 8; use fewer history days"),
                Arguments.of("grid misses midnight", TimeSeries.of(Instant.parse("2020-01-01T00:20:00Z"),
                        Duration.ofHours(1), new double[240]), 1, 7, "never reaches midnight"),
                Arguments.of("step does not divide a day", TimeSeries.of(Instant.EPOCH,
                        Duration.ofSeconds(7), new double[240]), 1, 7, "does not divide a day"),
                Arguments.of("zero eval days", hourly("2020-01-01T00:00:00Z", 8 * 24), 0, 7, "eval days must be >= 1"),
                Arguments.of("zero history days", hourly("2020-01-01T00:00:00Z", 8 * 24), 1, 0,
                        "history days must be >= 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCases")
    void badSettingsAreExplained(String name, TimeSeries s, int evalDays, int historyDays, String expected) {
        assertThatThrownBy(() -> EvaluationDays.of(s, evalDays, historyDays))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected);
    }

    @Test
    void nasaDefaultEvaluationDaysAreTheLastWeekOfAugust() {
        TimeSeries s = TraceCsv.read(Path.of("../../shared/traces/nasa-http/NASA_access_log_per_minute.csv"),
                "timestamp", "requests", "missing").series();
        EvaluationDays d = EvaluationDays.of(s, 7, 7);
        assertThat(d.count()).isEqualTo(7);
        assertThat(List.of(d.day(0), d.day(6))).containsExactly(Instant.parse("1995-08-25T00:00:00Z"),
                Instant.parse("1995-08-31T00:00:00Z"));
    }
}
