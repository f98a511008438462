package io.neuronetes.scheduler.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "500ms, 500",
        "30s, 30000",
        "5m, 300000",
        "2h, 7200000",
        "7d, 604800000",
        "1h30m, 5400000",      // 3600000 + 1800000
        "1.5s, 1500",
        "0, 0",
        "' 10m ', 600000"})
    void durationsAsTheGuideWritesThem(String text, long millis) {
        assertThat(Quantities.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "-5s", "5 m", "5M", "m", "", "1w", "PT5M"})
    void otherDurationTextIsRejectedWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> Quantities.duration(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a duration such as 500ms, 30s, 5m, 2h or 7d");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"1000, 1000", "0.5, 0.5", "' 42 ', 42", "-3, -3", "1e3, 1000"})
    void numbers(String text, double value) {
        assertThat(Quantities.number(text)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1k", "NaN", "Infinity", "1000d", "", "ten"})
    void otherNumberTextIsRejected(String text) {
        assertThatThrownBy(() -> Quantities.number(text)).hasMessageContaining("expected a number");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500, 500ms", "30000, 30s", "5400000, 1h30m", "604800000, 7d", "0, 0s"})
    void formatWritesTheShortForm(long millis, String text) {
        assertThat(Quantities.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
