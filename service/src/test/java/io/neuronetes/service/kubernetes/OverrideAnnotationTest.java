package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import io.neuronetes.service.runs.ManualOverride;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code neuronetes.io/override} annotation's value: what the scaler writes reads back the same, and a value
 * written wrong (by hand, or damaged) is refused with a message naming the field and what is wrong.
 */
class OverrideAnnotationTest {

    static final Instant AT = Instant.parse("2024-03-04T12:00:00Z");
    static final ManualOverride LAUNCH = new ManualOverride(10, 12, "traffic-spike-detected", AT,
            AT.plusSeconds(900));

    /** The value the scaler writes for {@link #LAUNCH}, with one field replaced. */
    static String with(String field, String json) {
        String value = OverrideAnnotation.write(LAUNCH);
        return value.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + json));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        String value = OverrideAnnotation.write(LAUNCH);

        assertThat(value).isEqualTo("{\"replicas\":10,\"requested\":12,\"reason\":\"traffic-spike-detected\","
                + "\"at\":\"2024-03-04T12:00:00Z\",\"until\":\"2024-03-04T12:15:00Z\"}");
        assertThat(OverrideAnnotation.read(value)).isEqualTo(LAUNCH);
        assertThat(OverrideAnnotation.patch(LAUNCH)).isEqualTo("{\"metadata\":{\"annotations\":{"
                + "\"neuronetes.io/override\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(value) + "}}}");
    }

    @Test
    void theRemovalsTouchTheAnnotationAloneAndTheConditionalOneOnlyWhileItHoldsTheValueRead() throws Exception {
        assertThat(OverrideAnnotation.removal())
                .isEqualTo("{\"metadata\":{\"annotations\":{\"neuronetes.io/override\":null}}}");

        ObjectMapper json = new ObjectMapper();
        String value = OverrideAnnotation.write(LAUNCH);
        JsonNode removeIf = json.readTree(OverrideAnnotation.removalIf(value));
        JsonNode removed = JsonPatch.apply(removeIf, pool(json, value));
        assertThat(removed.at("/metadata/annotations")).isEqualTo(json.readTree("{\"team\":\"search\"}"));
        assertThat(removed.at("/spec")).isEqualTo(pool(json, value).at("/spec"));
        // changed since it was read, or gone: the test fails and nothing is removed (the API server answers 422)
        String newer = OverrideAnnotation.write(new ManualOverride(4, 4, "launch", AT.plusSeconds(60),
                AT.plusSeconds(960)));
        assertThatThrownBy(() -> JsonPatch.apply(removeIf, pool(json, newer))).isInstanceOf(JsonPatchException.class);
        assertThatThrownBy(() -> JsonPatch.apply(removeIf, pool(json, null))).isInstanceOf(JsonPatchException.class);
    }

    /** An AgentPool with another annotation beside the override's, which holds {@code value} unless null. */
    private static JsonNode pool(ObjectMapper json, String value) throws Exception {
        var pool = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"metadata\":{\"name\":\"web\","
                + "\"annotations\":{\"team\":\"search\"}},\"spec\":{\"minReplicas\":1}}");
        if (value != null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) pool.at("/metadata/annotations"))
                    .put(NeuronetesApi.OVERRIDE_ANNOTATION, value);
        }
        return pool;
    }

    @Test
    void aHandWrittenValueWithSpacesAndAnotherFieldOrderReads() {
        assertThat(OverrideAnnotation.read(" { \"until\": \"2024-03-04T12:15:00Z\", \"at\": \"2024-03-04T12:00:00Z\","
                + " \"reason\": \" traffic-spike-detected \", \"requested\": 12, \"replicas\": 10 } "))
                .isEqualTo(LAUNCH);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // name, value, the message contains
                Arguments.of("empty", "", "empty value"),
                Arguments.of("not JSON", "replicas=3", "not valid JSON"),
                Arguments.of("cut off", OverrideAnnotation.write(LAUNCH).substring(0, 30), "not valid JSON"),
                Arguments.of("text after the object", OverrideAnnotation.write(LAUNCH) + " {}", "not valid JSON"),
                Arguments.of("a field given twice", OverrideAnnotation.write(LAUNCH).replace("}", ",\"replicas\":3}"),
                        "not valid JSON: Duplicate field 'replicas'"),
                Arguments.of("a list", "[10]", "expected a JSON object"),
                Arguments.of("a number", "10", "expected a JSON object"),
                Arguments.of("an unknown field", OverrideAnnotation.write(LAUNCH).replace("}", ",\"by\":\"me\"}"),
                        "by: unknown field"),
                Arguments.of("negative replicas", with("replicas", "-3"),
                        "replicas: expected a whole number >= 0, got -3"),
                Arguments.of("fractional replicas", with("replicas", "2.5"),
                        "replicas: expected a whole number >= 0, got 2.5"),
                Arguments.of("replicas as text", with("replicas", "\"10\""),
                        "replicas: expected a whole number >= 0, got \"10\""),
                Arguments.of("replicas past int", with("replicas", "99999999999"),
                        "replicas: expected a whole number >= 0, got 99999999999"),
                Arguments.of("no replicas", OverrideAnnotation.write(LAUNCH).replace("\"replicas\":10,", ""),
                        "replicas: expected a whole number >= 0, got nothing"),
                Arguments.of("negative requested", with("requested", "-1"),
                        "requested: expected a whole number >= 0, got -1"),
                Arguments.of("empty reason", with("reason", "\" \""),
                        "reason: expected a non-empty string, got only whitespace"),
                Arguments.of("reason not text", with("reason", "7"), "reason: expected a non-empty string, got 7"),
                Arguments.of("reason too long", with("reason", "\"" + "x".repeat(257) + "\""),
                        "reason: longer than 256 characters"),
                Arguments.of("reason with a control character", with("reason", "\"a\\u0007b\""),
                        "reason: control characters are not allowed"),
                Arguments.of("unparseable until", with("until", "\"tomorrow\""),
                        "until: expected an ISO-8601 time such as 2024-03-04T12:15:00Z, got \"tomorrow\""),
                Arguments.of("until without a zone", with("until", "\"2024-03-04T12:15:00\""),
                        "until: expected an ISO-8601 time"),
                Arguments.of("at as a number", with("at", "1709553600"), "at: expected an ISO-8601 time"),
                Arguments.of("until before at", with("until", "\"2024-03-04T11:00:00Z\""),
                        "until: 2024-03-04T11:00:00Z is not after at 2024-03-04T12:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedValueIsRefusedNamingWhatIsWrong(String name, String value, String message) {
        assertThatThrownBy(() -> OverrideAnnotation.read(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }
}
