package io.neuronetes.service.metrics;

import java.util.Objects;

/**
 * A metric's query as the service sends it: the query as written (the metric's own query, or its type's template
 * filled in), stripped of surrounding whitespace, between a wrapper's {@code prefix} and {@code suffix}, such as the
 * average over the metric's window ({@link QueryTemplates#averaged}). Keeps the parts apart so that a position in
 * the text sent can be told in the query as written. Immutable.
 *
 * @param prefix the wrapper's text before the query (empty when there is none)
 * @param query  the query as written
 * @param suffix the wrapper's text after the query
 */
public record SentQuery(String prefix, String query, String suffix) {

    /** Longest text shown by {@link #shown()} before the middle of the query is left out. */
    static final int MAX_SHOWN = 400;

    public SentQuery {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(suffix, "suffix");
    }

    /** The query stripped of the whitespace around it: the part of {@link #text()} between prefix and suffix. */
    public String body() {
        return query.strip();
    }

    /** Where {@link #body()} begins in the query as written: the length of the whitespace stripped before it. */
    public int lead() {
        String body = body();
        return body.isEmpty() ? 0 : query.indexOf(body);
    }

    /** What is sent. */
    public String text() {
        return prefix + body() + suffix;
    }

    /** Whether the service added anything around the query. */
    public boolean wrapped() {
        return !prefix.isEmpty() || !suffix.isEmpty();
    }

    /**
     * {@link #text()} for messages: in full up to {@value #MAX_SHOWN} characters, else with the middle of the query
     * left out ({@code " ... "}) and the wrapper kept whole.
     */
    public String shown() {
        String text = text();
        if (text.length() <= MAX_SHOWN) {
            return text;
        }
        String body = body();
        int keep = Math.max(40, MAX_SHOWN - prefix.length() - suffix.length());
        if (body.length() <= keep) {
            return text;
        }
        return prefix + body.substring(0, keep * 2 / 3) + " ... " + body.substring(body.length() - keep / 3)
                + suffix;
    }
}
