package io.neuronetes.service.prometheus;

import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.metrics.SentQuery;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells where a PromQL parse error lies in a metric's query as its user wrote it. The service sends the query inside
 * a wrapper (the average over the metric's window, {@link QueryTemplates#averaged}), so the position in Prometheus's
 * error ({@code 1:23: parse error: ...}; older servers write {@code parse error at char 23: ...} and
 * {@code parse error at line 2, char 5: ...}) is one in the text sent, which the user never wrote.
 *
 * <p>Prometheus's own parser is asked first, about the query alone ({@code /api/v1/format_query}, which parses and
 * does not evaluate; Prometheus 2.38 and later). Its error is the query's own, positioned in the user's text, also
 * when the query closes the wrapper's parenthesis itself or leaves one open, which no arithmetic on the position
 * could tell. When the query alone parses, the wrapper made it fail (a scalar or a range vector has no average over
 * a window), and the message says so. When the server cannot tell (an older server, another implementation of the
 * API, a failure), the position is translated by the wrapper's prefix: a position inside the query becomes one in
 * the query as written, one in the wrapper is said to be there. Every such message ends with the text sent,
 * {@code (as sent: ...)}. Columns count bytes, as Prometheus counts them. Thread-safe.
 */
final class QueryErrors {

    private static final Pattern POSITION = Pattern.compile("(?<line>\\d{1,9}):(?<col>\\d{1,9}): parse error"
            + "|parse error at (?:line (?<oldLine>\\d{1,9}), )?char (?<oldCol>\\d{1,9})");

    private final PrometheusHttp http;

    QueryErrors(PrometheusHttp http) {
        this.http = http;
    }

    /** {@code o}, an error of {@code sent} with a parse error's position, told in the query as written; else as is. */
    <T> MetricOutcome<T> explain(MetricOutcome<T> o, SentQuery sent) {
        if (o.kind() != MetricOutcome.Kind.ERROR || !sent.wrapped() || Position.in(o.message()).isEmpty()) {
            return o;
        }
        MetricOutcome<String> alone = PrometheusAnswers.formatted(http.get("/api/v1/format_query",
                Map.of("query", sent.query())));
        if (alone.kind() == MetricOutcome.Kind.ERROR && Position.in(alone.message()).isPresent()) {
            return MetricOutcome.error(alone.message() + " (position in the query as written; as sent: "
                    + sent.shown() + ")");
        }
        return MetricOutcome.error(translate(o.message(), sent, alone.hasValue()));
    }

    /**
     * {@code message} with its parse error's position moved from the text sent to the query as written, or said to
     * be in the wrapper, and the text sent added; {@code parsesAlone}: the server said the query alone parses.
     */
    static String translate(String message, SentQuery sent, boolean parsesAlone) {
        String note = (parsesAlone ? "the query alone is valid PromQL; " : "") + "as sent: " + sent.shown() + ")";
        Optional<Position> found = Position.in(message);
        if (found.isEmpty()) {
            return message + " (" + note;
        }
        Position p = found.get();
        byte[] text = utf8(sent.text());
        int offset = p.offset(text);
        int start = utf8(sent.prefix()).length;
        int end = start + utf8(sent.body()).length;
        if (offset < 0 || offset > text.length) {
            return message + " (" + note;
        }
        String head = message.substring(0, p.start());
        String tail = message.substring(p.end());
        if (offset < start || offset > end) {
            return head + p.inWrapper(offset < start ? "before" : "after") + tail + " (" + note;
        }
        byte[] query = utf8(sent.query());
        int at = utf8(sent.query().substring(0, sent.lead())).length + offset - start;
        return head + p.at(query, at) + tail + " (position in the query as written" + (offset == end ? ", at its end"
                : "") + "; " + note;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A parse error's position as the server wrote it: where in the message ({@code start}, {@code end}), the line
     * and the byte column (1-based), and whether in the older form ({@code parse error at ...}).
     */
    record Position(int start, int end, int line, int column, boolean old) {

        static Optional<Position> in(String message) {
            Matcher m = POSITION.matcher(message);
            if (!m.find()) {
                return Optional.empty();
            }
            if (m.group("col") != null) {
                return Optional.of(new Position(m.start(), m.end(), Integer.parseInt(m.group("line")),
                        Integer.parseInt(m.group("col")), false));
            }
            int line = m.group("oldLine") == null ? 1 : Integer.parseInt(m.group("oldLine"));
            return Optional.of(new Position(m.start(), m.end(), line, Integer.parseInt(m.group("oldCol")), true));
        }

        /** The byte offset in {@code text} of this position, -1 when the text has no such line. */
        int offset(byte[] text) {
            int i = 0;
            for (int l = 1; l < line; l++) {
                while (i < text.length && text[i] != '\n') {
                    i++;
                }
                if (i == text.length) {
                    return -1;
                }
                i++;
            }
            return i + column - 1;
        }

        /** This position's text for byte {@code at} of {@code query}, in the form the server wrote. */
        String at(byte[] query, int at) {
            int line = 1;
            int lastBreak = -1;
            for (int i = 0; i < at && i < query.length; i++) {
                if (query[i] == '\n') {
                    line++;
                    lastBreak = i;
                }
            }
            int column = at - lastBreak;
            if (!old) {
                return line + ":" + column + ": parse error";
            }
            return line == 1 ? "parse error at char " + column : "parse error at line " + line + ", char " + column;
        }

        /** This position's text when it lies in the wrapper, {@code before} or {@code after} the query. */
        String inWrapper(String side) {
            String where = "in the service's wrapper " + side + " the query as written (";
            if (!old) {
                return where + line + ":" + column + " as sent): parse error";
            }
            return "parse error " + where + (line == 1 ? "" : "line " + line + ", ") + "char " + column + " as sent)";
        }
    }
}
