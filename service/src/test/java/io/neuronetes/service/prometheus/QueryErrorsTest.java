package io.neuronetes.service.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.metrics.SentQuery;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A parse error's position, which Prometheus reports in the averaged query sent, told in the query as written.
 * The errors are those Prometheus 2.42 wrote for these queries averaged over a minute (and, for the older forms, as
 * older servers write them); the position in the query as written is the one Prometheus gives for the query alone.
 */
class QueryErrorsTest {

    static final String PREFIX = "HTTP 400: bad_data: invalid parameter \"query\": ";

    /** The query averaged over one minute at a one-minute step, as a pool's external metric is read. */
    static SentQuery averaged(String query) {
        return QueryTemplates.averaged(query, Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // query / Prometheus's error for the text sent / expected message
                Arguments.of("the guide's Datadog query", "avg:queue.depth{service:agents}",
                        "1:25: parse error: unexpected character: '.'", // 15 bytes of wrapper before the query
                        "1:10: parse error: unexpected character: '.' (position in the query as written; as sent: "
                                + "avg_over_time((avg:queue.depth{service:agents})[59999ms:60s]))"),
                Arguments.of("a plain selector, in the shorter wrapper", "foo{a=~\"(\"}",
                        "1:19: parse error: error parsing regexp: missing closing )", // 14 bytes before
                        "1:5: parse error: error parsing regexp: missing closing ) (position in the query as "
                                + "written; as sent: avg_over_time(foo{a=~\"(\"}[59999ms]))"),
                Arguments.of("a dangling operator, found at the wrapper's ')'", "sum(x) +",
                        "1:24: parse error: unexpected \")\"", // 15 + 8 bytes + 1: just past the query
                        "1:9: parse error: unexpected \")\" (position in the query as written, at its end; as sent: "
                                + "avg_over_time((sum(x) +)[59999ms:60s]))"),
                Arguments.of("whitespace stripped before the query counts", "  sum(x) +",
                        "1:24: parse error: unexpected \")\"", // the two spaces are not sent
                        "1:11: parse error: unexpected \")\" (position in the query as written, at its end; as sent: "
                                + "avg_over_time((sum(x) +)[59999ms:60s]))"),
                Arguments.of("columns count bytes, as Prometheus counts them", "sum(rate(x{a=\"é\"}[5m])) +",
                        "1:42: parse error: unexpected \")\"", // é is two bytes: 25 characters, 26 bytes
                        "1:27: parse error: unexpected \")\" (position in the query as written, at its end; as sent: "
                                + "avg_over_time((sum(rate(x{a=\"é\"}[5m])) +)[59999ms:60s]))"),
                Arguments.of("a line after the first keeps its column", "sum(\n  rate(foo[5m]) +\n)",
                        "3:1: parse error: unexpected \")\" in aggregation",
                        "3:1: parse error: unexpected \")\" in aggregation (position in the query as written; "
                                + "as sent: avg_over_time((sum(\n  rate(foo[5m]) +\n))[59999ms:60s]))"),
                Arguments.of("a scalar has no average over a window", "1",
                        "1:15: parse error: subquery is only allowed on instant vector, got scalar instead",
                        "in the service's wrapper before the query as written (1:15 as sent): parse error: "
                                + "subquery is only allowed on instant vector, got scalar instead (as sent: "
                                + "avg_over_time((1)[59999ms:60s]))"),
                Arguments.of("an unclosed parenthesis, found after the wrapper's", "sum((x)",
                        "1:37: parse error: unclosed left parenthesis",
                        "in the service's wrapper after the query as written (1:37 as sent): parse error: unclosed "
                                + "left parenthesis (as sent: avg_over_time((sum((x))[59999ms:60s]))"),
                Arguments.of("the older form", "avg:queue.depth{service:agents}",
                        "parse error at char 25: unexpected character: '.'",
                        "parse error at char 10: unexpected character: '.' (position in the query as written; "
                                + "as sent: avg_over_time((avg:queue.depth{service:agents})[59999ms:60s]))"),
                Arguments.of("the older form with a line", "sum(\n  rate(foo[5m]) +\n)",
                        "parse error at line 3, char 1: unexpected \")\" in aggregation",
                        "parse error at line 3, char 1: unexpected \")\" in aggregation (position in the query as "
                                + "written; as sent: avg_over_time((sum(\n  rate(foo[5m]) +\n))[59999ms:60s]))"),
                Arguments.of("the older form in the wrapper", "1",
                        "parse error at char 15: subquery is only allowed on instant vector, got scalar instead",
                        "parse error in the service's wrapper before the query as written (char 15 as sent): "
                                + "subquery is only allowed on instant vector, got scalar instead (as sent: "
                                + "avg_over_time((1)[59999ms:60s]))"),
                Arguments.of("a position past the text sent", "x",
                        "9:1: parse error: unexpected end of input",
                        "9:1: parse error: unexpected end of input (as sent: avg_over_time(x[59999ms]))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void thePositionIsToldInTheQueryAsWritten(String name, String query, String error, String expected) {
        assertThat(QueryErrors.translate(PREFIX + error, averaged(query), false)).isEqualTo(PREFIX + expected);
    }

    @Test
    void aQueryThatParsesAloneIsSaidToBeRefusedForTheWrapper() {
        assertThat(QueryErrors.translate(PREFIX + "1:15: parse error: subquery is only allowed on instant vector, "
                + "got matrix instead", averaged("foo[5m]"), true)).isEqualTo(PREFIX + "in the service's wrapper "
                + "before the query as written (1:15 as sent): parse error: subquery is only allowed on instant "
                + "vector, got matrix instead (the query alone is valid PromQL; as sent: "
                + "avg_over_time((foo[5m])[59999ms:60s]))");
    }

    /** A comment ({@code #} to the end of the line) would swallow the wrapper's closing part. */
    @Test
    void aCommentEndsBeforeTheWrappersClosingPart() {
        assertThat(averaged("sum(x) # the queue").text()).isEqualTo("avg_over_time((sum(x) # the queue\n)"
                + "[59999ms:60s])");
        assertThat(averaged("sum(x)").text()).isEqualTo("avg_over_time((sum(x))[59999ms:60s])");
    }

    @Test
    void aLongQueryIsShownWithItsMiddleLeftOutAndTheWrapperWhole() {
        String query = "sum(" + "x + ".repeat(300) + "x)";
        String shown = averaged(query).shown();
        assertThat(shown).hasSizeLessThan(420).startsWith("avg_over_time((sum(x + x + ").contains(" ... ")
                .endsWith("x + x))[59999ms:60s])");
        assertThat(averaged("sum(x)").shown()).isEqualTo(averaged("sum(x)").text());
    }
}
