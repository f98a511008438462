package io.neuronetes.service.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.neuronetes.service.runs.ManualOverride;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The value of the {@value NeuronetesApi#OVERRIDE_ANNOTATION} annotation: a manual override as a small JSON object,
 * {@code {"replicas": 10, "requested": 12, "reason": "launch", "at": "2024-03-04T12:00:00Z",
 * "until": "2024-03-04T12:15:00Z"}}, times in ISO-8601 UTC.
 *
 * <p>{@link #read} is strict, since the value may be written by hand ({@code kubectl annotate}): every field is
 * required, no other is allowed, a field given twice or text after the object is refused, {@code replicas} and
 * {@code requested} are whole numbers >= 0, {@code reason} is 1..256 characters without control characters (as
 * {@code POST /v1/scale} asks), {@code until} is after {@code at}. It throws {@link IllegalArgumentException}
 * saying what is wrong, naming the field.
 */
final class OverrideAnnotation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> FIELDS = Set.of("replicas", "requested", "reason", "at", "until");
    /** Longest quote of a bad value in a message. */
    private static final int QUOTE = 64;

    private OverrideAnnotation() {
    }

    /** The annotation's value for {@code o}. */
    static String write(ManualOverride o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("replicas", o.replicas());
        n.put("requested", o.requested());
        n.put("reason", o.reason());
        n.put("at", o.at().toString());
        n.put("until", o.until().toString());
        return n.toString();
    }

    /** A JSON merge patch that sets the annotation to {@code o} and leaves the rest of the resource alone. */
    static String patch(ManualOverride o) {
        return mergePatch(TextNode.valueOf(write(o)));
    }

    /** A JSON merge patch that removes the annotation (a null value deletes the key), whatever it holds. */
    static String removal() {
        return mergePatch(NullNode.getInstance());
    }

    /**
     * A JSON patch that removes the annotation only while it still holds {@code value}: a {@code test} operation,
     * which the API server refuses with 422 when the value differs or is gone, then the {@code remove}.
     */
    static String removalIf(String value) {
        String path = "/metadata/annotations/" + NeuronetesApi.OVERRIDE_ANNOTATION.replace("~", "~0")
                .replace("/", "~1");
        ArrayNode ops = JSON.createArrayNode();
        ops.addObject().put("op", "test").put("path", path).put("value", value);
        ops.addObject().put("op", "remove").put("path", path);
        return ops.toString();
    }

    private static String mergePatch(JsonNode value) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").putObject("annotations").set(NeuronetesApi.OVERRIDE_ANNOTATION, value);
        return patch.toString();
    }

    /**
     * The override an annotation's value holds.
     *
     * @throws IllegalArgumentException saying what is wrong, naming the field
     */
    static ManualOverride read(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty value, expected a JSON object " + shape());
        }
        JsonNode n;
        try {
            n = STRICT.readTree(value);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            throw new IllegalArgumentException("not valid JSON: " + clip(why.lines().findFirst().orElse(why))
                    + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object " + shape() + ", got " + clip(value.strip()));
        }
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(clip(f) + ": unknown field");
            }
        });
        int replicas = count(n, "replicas");
        int requested = count(n, "requested");
        String reason = reason(n.get("reason"));
        Instant at = time(n, "at");
        Instant until = time(n, "until");
        if (!until.isAfter(at)) {
            throw new IllegalArgumentException("until: " + until + " is not after at " + at);
        }
        return new ManualOverride(replicas, requested, reason, at, until);
    }

    /** The reason, held to the rules of {@code POST /v1/scale} ({@link ManualOverride#text}). */
    private static String reason(JsonNode v) {
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("reason: expected a non-empty string, got " + quote(v));
        }
        return ManualOverride.text("reason", v.asText(), ManualOverride.MAX_REASON);
    }

    private static int count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new IllegalArgumentException(field + ": expected a whole number >= 0, got " + quote(v));
        }
        return v.asInt();
    }

    private static Instant time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v != null && v.isTextual()) {
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException(field + ": expected an ISO-8601 time such as 2024-03-04T12:15:00Z, got "
                + quote(v));
    }

    private static String shape() {
        return "{\"replicas\", \"requested\", \"reason\", \"at\", \"until\"}";
    }

    private static String quote(JsonNode v) {
        return v == null ? "nothing" : clip(v.toString());
    }

    private static String clip(String s) {
        return s.length() <= QUOTE ? s : s.substring(0, QUOTE) + "...";
    }
}
