package io.neuronetes.service.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuronetes.service.metrics.MetricOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Prometheus HTTP API answers into typed outcomes. Pure: no I/O, no state. Every non-value outcome says what
 * was wrong: the HTTP status and Prometheus's {@code errorType: error}, the number of series and their labels, or
 * the offending value.
 */
public final class PrometheusAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SHOWN = 160;

    private PrometheusAnswers() {
    }

    /** The single finite value of an instant query ({@code /api/v1/query}), vector or scalar. */
    public static MetricOutcome<Double> instant(PrometheusHttp.Response r) {
        MetricOutcome<JsonNode> data = data(r);
        if (!data.hasValue()) {
            return data.withoutValue();
        }
        JsonNode d = data.value();
        String type = d.path("resultType").asText("");
        JsonNode result = d.path("result");
        if (type.equals("scalar")) {
            return sampleValue(result, "scalar");
        }
        if (!type.equals("vector") || !result.isArray()) {
            return MetricOutcome.invalid("expected a vector, got resultType '" + type + "'");
        }
        if (result.isEmpty()) {
            return MetricOutcome.empty("no series");
        }
        if (result.size() > 1) {
            return MetricOutcome.invalid(result.size() + " series where one was expected: " + labels(result));
        }
        return sampleValue(result.get(0).path("value"), result.get(0).path("metric").toString());
    }

    /** The single series of a range query ({@code /api/v1/query_range}); non-finite values are kept. */
    public static MetricOutcome<Samples> range(PrometheusHttp.Response r) {
        MetricOutcome<JsonNode> data = data(r);
        if (!data.hasValue()) {
            return data.withoutValue();
        }
        JsonNode d = data.value();
        JsonNode result = d.path("result");
        if (!d.path("resultType").asText("").equals("matrix") || !result.isArray()) {
            return MetricOutcome.invalid("expected a matrix, got resultType '" + d.path("resultType").asText("")
                    + "'");
        }
        if (result.isEmpty()) {
            return MetricOutcome.empty("no series");
        }
        if (result.size() > 1) {
            return MetricOutcome.invalid(result.size() + " series where one was expected: " + labels(result));
        }
        return samples(result.get(0));
    }

    private static MetricOutcome<Samples> samples(JsonNode series) {
        JsonNode values = series.path("values");
        if (!values.isArray()) {
            return MetricOutcome.invalid("series without 'values'");
        }
        long[] t = new long[values.size()];
        double[] v = new double[values.size()];
        for (int i = 0; i < values.size(); i++) {
            JsonNode pair = values.get(i);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
                return MetricOutcome.invalid("malformed sample #" + i + ": " + shorten(pair.toString()));
            }
            t[i] = Math.round(pair.get(0).asDouble() * 1000);
            try {
                v[i] = parse(pair.get(1).asText());
            } catch (NumberFormatException e) {
                return MetricOutcome.invalid("sample #" + i + " is not a number: " + shorten(pair.get(1).toString()));
            }
        }
        return MetricOutcome.value(new Samples(series.path("metric").toString(), t, v));
    }

    private static MetricOutcome<Double> sampleValue(JsonNode pair, String what) {
        if (!pair.isArray() || pair.size() != 2) {
            return MetricOutcome.invalid("malformed sample of " + what + ": " + shorten(pair.toString()));
        }
        double v;
        try {
            v = parse(pair.get(1).asText());
        } catch (NumberFormatException e) {
            return MetricOutcome.invalid("value of " + what + " is not a number: " + shorten(pair.get(1).toString()));
        }
        if (!Double.isFinite(v)) {
            return MetricOutcome.invalid("value of " + what + " is " + pair.get(1).asText());
        }
        return MetricOutcome.value(v);
    }

    /**
     * The text of a {@code /api/v1/format_query} answer: the query as Prometheus's parser reformats it, so a value
     * means the query parses; an error carries the parser's message.
     */
    public static MetricOutcome<String> formatted(PrometheusHttp.Response r) {
        MetricOutcome<JsonNode> root = root(r);
        if (!root.hasValue()) {
            return root.withoutValue();
        }
        JsonNode data = root.value().path("data");
        return data.isTextual() ? MetricOutcome.value(data.asText())
                : MetricOutcome.invalid("answer without the formatted query");
    }

    /** The {@code data} object of a successful answer, or why there is none. */
    private static MetricOutcome<JsonNode> data(PrometheusHttp.Response r) {
        MetricOutcome<JsonNode> root = root(r);
        if (!root.hasValue()) {
            return root;
        }
        JsonNode data = root.value().path("data");
        if (!data.isObject()) {
            return MetricOutcome.invalid("answer without 'data'");
        }
        return MetricOutcome.value(data);
    }

    /** The JSON object of a successful answer ({@code status: success}), or why there is none. */
    private static MetricOutcome<JsonNode> root(PrometheusHttp.Response r) {
        if (!r.arrived()) {
            return MetricOutcome.error(r.failure());
        }
        JsonNode root = null;
        try {
            root = JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            // Fall through: a non-JSON body is reported by status first, then as malformed.
        }
        if (r.status() < 200 || r.status() > 299) {
            return MetricOutcome.error("HTTP " + r.status() + errorText(root, r.body()));
        }
        if (root == null || !root.isObject()) {
            return MetricOutcome.invalid("malformed answer (not a JSON object): " + shorten(r.body()));
        }
        if (!root.path("status").asText("").equals("success")) {
            return MetricOutcome.error("status '" + root.path("status").asText("") + "'" + errorText(root, ""));
        }
        return MetricOutcome.value(root);
    }

    private static String errorText(JsonNode root, String body) {
        if (root != null && root.has("error")) {
            return ": " + root.path("errorType").asText("error") + ": " + shorten(root.path("error").asText());
        }
        return body.isBlank() ? "" : ": " + shorten(body);
    }

    private static double parse(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static String labels(JsonNode result) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < Math.min(3, result.size()); i++) {
            l.add(result.get(i).path("metric").toString());
        }
        return String.join(", ", l) + (result.size() > 3 ? ", ..." : "");
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= MAX_SHOWN ? one : one.substring(0, MAX_SHOWN) + "...";
    }
}
