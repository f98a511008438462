package io.neuronetes.service.shadow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShadowHistoryTest {

    static final String URL = "http://prometheus:9090";

    /** A source whose every range read ends with {@code outcome}. */
    static MetricsSource failing(MetricOutcome<TimeSeries> outcome) {
        return new MetricsSource() {
            @Override
            public String name() {
                return URL;
            }

            @Override
            public MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at) {
                throw new AssertionError("the history is a range read");
            }

            @Override
            public MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration step) {
                return outcome;
            }
        };
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                // a transport failure names the server itself: said once
                Arguments.of("unreachable", MetricOutcome.error("simulation/tokens-per-second: Prometheus " + URL
                        + " unreachable: ConnectException (after 3 attempts)"), "the history of tokens-per-second "
                        + "could not be read: simulation/tokens-per-second: Prometheus " + URL + " unreachable: "
                        + "ConnectException (after 3 attempts)"),
                // an answer that is wrong does not: the history names the source
                Arguments.of("bad answer", MetricOutcome.invalid("simulation/tokens-per-second: malformed answer"),
                        "the history of tokens-per-second could not be read from " + URL + ": "
                                + "simulation/tokens-per-second: malformed answer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void anUnreadableHistoryNamesTheServerOnce(String name, MetricOutcome<TimeSeries> outcome, String message) {
        ShadowHistory history = new ShadowHistory(failing(outcome), ShadowReplayTest.MINUTE);
        assertThatThrownBy(() -> history.read(ShadowReplayTest.pool(), 1, ShadowReplayTest.MIDNIGHT))
                .isInstanceOf(ShadowHistory.Unavailable.class).hasMessage(message);
    }
}
