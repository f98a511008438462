package io.neuronetes.service.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a body that is not JSON is told: what is wrong in JSON's terms, and where; never the parser's options. */
class JsonSyntaxTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("NaN", "{\"pool\":\"x\",\"replicas\":NaN}",
                        "NaN is not a JSON number (line 1, column 24)"), // where NaN starts, not where it ends
                Arguments.of("-Infinity", "{\"replicas\":-Infinity}",
                        "-Infinity is not a JSON number (line 1, column 13)"),
                Arguments.of("Infinity on line 2", "{\n  \"replicas\": Infinity\n}",
                        "Infinity is not a JSON number (line 2, column 15)"),
                Arguments.of("plus sign", "{\"replicas\":+5}",
                        "a JSON number cannot start with '+' (line 1, column 14)"),
                Arguments.of("single quotes", "{'pool': 'x'}",
                        "unexpected character ''': was expecting double-quote to start field name (line 1, column 2)"),
                Arguments.of("unclosed object", "{",
                        "unexpected end-of-input: expected close marker for Object (opened at line 1, column 1) "
                                + "(line 1, column 2)"),
                Arguments.of("comment", "/* c */ {}", "JSON has no comments (line 1, column 1)"),
                Arguments.of("misspelt true", "{\"a\":tru}", "unrecognized token 'tru': was expecting a string, "
                        + "number, array, object, true, false or null (line 1, column 6)"),
                Arguments.of("long token", "x".repeat(300), "unrecognized token '" + "x".repeat(40) + "...': was "
                        + "expecting a string, number, array, object, true, false or null (line 1, column 1)"),
                Arguments.of("newline in a string", "{\"a\":\"b\nc\"}",
                        "a control character (code 10) in a string, where it must be escaped (line 1, column 8)"),
                Arguments.of("deep nesting", "[".repeat(2_000), "nested deeper than 1000 levels"),
                Arguments.of("long number", "9".repeat(2_000), "a number longer than 1000 digits"),
                Arguments.of("a second value", "{\"a\":1} {}", "more after the JSON value (line 1, column 9)"),
                Arguments.of("a field twice", "{\"a\":1,\"a\":2}", "duplicate field 'a' (line 1, column 11)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void saysWhatIsWrongAndWhere(String name, String body, String expected) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> JsonSyntax.strict(JSON).readTree(body));
        String said = JsonSyntax.describe(e);
        assertThat(said).isEqualTo(expected);
        assertThat(said).doesNotContain("`", "enable", "Feature", "Source:", "))").hasSizeLessThan(300);
    }
}
