package io.neuronetes.service.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricOutcome.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Canned Prometheus answers to typed outcomes, without a network. */
class PrometheusAnswersTest {

    static Stream<Arguments> instantAnswers() {
        return Stream.of(
                Arguments.of("one finite sample", 200, CannedPrometheus.vector("42.5"), Kind.VALUE, "42.5"),
                Arguments.of("scalar", 200,
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"3\"]}}",
                        Kind.VALUE, "3.0"),
                Arguments.of("no series", 200, CannedPrometheus.vector(), Kind.EMPTY, "no series"),
                Arguments.of("two series", 200, CannedPrometheus.vector("1", "2"), Kind.INVALID,
                        "2 series where one was expected: {\"pool\":\"p\",\"instance\":\"i0\"}"),
                Arguments.of("NaN", 200, CannedPrometheus.vector("NaN"), Kind.INVALID, "is NaN"),
                Arguments.of("+Inf", 200, CannedPrometheus.vector("+Inf"), Kind.INVALID, "is +Inf"),
                Arguments.of("-Inf", 200, CannedPrometheus.vector("-Inf"), Kind.INVALID, "is -Inf"),
                Arguments.of("value not a number", 200, CannedPrometheus.vector("abc"), Kind.INVALID,
                        "is not a number: \"abc\""),
                Arguments.of("garbage body", 200, "<html>proxy</html>", Kind.INVALID,
                        "malformed answer (not a JSON object): <html>proxy</html>"),
                Arguments.of("truncated JSON", 200, "{\"status\":\"succ", Kind.INVALID, "malformed answer"),
                Arguments.of("matrix where a vector was asked", 200,
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
                        Kind.INVALID, "expected a vector, got resultType 'matrix'"),
                Arguments.of("bad query", 400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}",
                        Kind.ERROR, "HTTP 400: bad_data: parse error at char 3"),
                Arguments.of("too many points", 422, "{\"status\":\"error\",\"errorType\":\"execution\","
                        + "\"error\":\"exceeded maximum resolution of 11,000 points per timeseries\"}",
                        Kind.ERROR, "HTTP 422: execution: exceeded maximum resolution"),
                Arguments.of("server error without JSON", 503, "Service Unavailable", Kind.ERROR,
                        "HTTP 503: Service Unavailable"),
                Arguments.of("status error with 200", 200,
                        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}",
                        Kind.ERROR, "status 'error': timeout: query timed out"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instantAnswers")
    void instantAnswerIsTyped(String name, int status, String body, Kind kind, String expected) {
        MetricOutcome<Double> o = PrometheusAnswers.instant(new PrometheusHttp.Response(status, body, null));
        assertThat(o.kind()).isEqualTo(kind);
        assertThat(o.hasValue() ? o.value().toString() : o.message()).contains(expected);
    }

    static Stream<Arguments> rangeAnswers() {
        String head = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";
        return Stream.of(
                Arguments.of("one series", head + "{\"metric\":{},\"values\":[[60,\"1\"],[120,\"NaN\"]]}]}}",
                        Kind.VALUE, "2 samples"),
                Arguments.of("no series", head + "]}}", Kind.EMPTY, "no series"),
                Arguments.of("two series", head + "{\"metric\":{\"a\":\"1\"},\"values\":[]},"
                        + "{\"metric\":{\"a\":\"2\"},\"values\":[]}]}}", Kind.INVALID, "2 series"),
                Arguments.of("sample not a pair", head + "{\"metric\":{},\"values\":[[60]]}]}}", Kind.INVALID,
                        "malformed sample #0"),
                Arguments.of("unreachable", null, Kind.ERROR, "unreachable: ConnectException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangeAnswers")
    void rangeAnswerIsTyped(String name, String body, Kind kind, String expected) {
        PrometheusHttp.Response r = body == null ? new PrometheusHttp.Response(-1, "", "unreachable: ConnectException")
                : new PrometheusHttp.Response(200, body, null);
        MetricOutcome<Samples> o = PrometheusAnswers.range(r);
        assertThat(o.kind()).isEqualTo(kind);
        assertThat(o.hasValue() ? o.value().size() + " samples" : o.message()).contains(expected);
    }
}
