package io.neuronetes.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated OpenAPI document ({@code /q/openapi}) declares the status codes each operation really answers, as
 * docs/api.md lists them, not only 200: errors with the {@code {"error"}} schema, typed answers with theirs.
 */
@QuarkusTest
class OpenApiTest {

    /** The document's paths, read once (the service is up only once a test runs, not before all). */
    private static JsonNode paths;

    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of("get /api/v1/pools", List.of("200")),
                Arguments.of("get /api/v1/pools/{pool}", List.of("200", "404")),
                Arguments.of("get /api/v1/pools/{pool}/decisions", List.of("200", "400", "404")),
                Arguments.of("get /api/v1/pools/{pool}/forecast", List.of("200", "400", "404")),
                Arguments.of("get /api/v1/pools/{pool}/shadow", List.of("200", "202", "400", "404", "422", "503")),
                Arguments.of("post /api/v1/pools/{pool}/retrain", List.of("202", "401", "403", "404", "409", "503")),
                Arguments.of("post /v1/scale", List.of("200", "400", "401", "403", "404", "413", "415", "503")),
                Arguments.of("delete /v1/scale/{pool}", List.of("200", "400", "401", "403", "404", "503")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void declaresTheStatusCodesItAnswers(String operation, List<String> codes) {
        JsonNode responses = operation(operation).get("responses");
        List<String> declared = new ArrayList<>();
        responses.fieldNames().forEachRemaining(declared::add);
        assertThat(declared).as(operation).containsExactlyInAnyOrderElementsOf(codes);
        for (String code : codes) {
            JsonNode r = responses.get(code);
            assertThat(r.path("description").asText()).as(operation + " " + code).isNotBlank();
            if (code.startsWith("4") || code.startsWith("5")) {
                assertThat(r.at("/content/application~1json/schema/$ref").asText()).as(operation + " " + code)
                        .endsWith("/ErrorBody");
            }
        }
    }

    @Test
    void typedAnswersKeepTheirSchemas() {
        assertThat(operation("get /api/v1/pools").at("/responses/200/content/application~1json/schema/$ref")
                .asText()).endsWith("/PoolList");
        assertThat(operation("get /api/v1/pools/{pool}/forecast")
                .at("/responses/200/content/application~1json/schema/$ref").asText()).endsWith("/PreviewView");
        assertThat(operation("post /v1/scale").at("/responses/200/content/application~1json/schema/$ref").asText())
                .endsWith("/Accepted");
        assertThat(operation("delete /v1/scale/{pool}").at("/responses/200/content/application~1json/schema/$ref")
                .asText()).endsWith("/Ended");
    }

    /**
     * The webhook's body is the object {@code {"pool", "replicas", "reason"}}, all three required: the method reads it
     * as text to say what is wrong in a broken one, which alone would make the document call the body a JSON string.
     */
    @Test
    void theOverrideBodyIsDeclaredAsTheObjectItIs() throws java.io.IOException {
        JsonNode body = operation("post /v1/scale").get("requestBody");
        assertThat(body.path("required").asBoolean()).isTrue();
        String ref = body.at("/content/application~1json/schema/$ref").asText();
        assertThat(ref).endsWith("/ScaleRequest");
        JsonNode schema = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString()).at("/components/schemas/ScaleRequest");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).containsExactlyInAnyOrder("pool", "replicas", "reason");
        assertThat(schema.at("/properties/pool/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/replicas/type").asText()).isEqualTo("integer");
        assertThat(schema.at("/properties/replicas/minimum").asInt(-1)).isEqualTo(0);
        assertThat(schema.at("/properties/reason/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/reason/maxLength").asInt()).isEqualTo(256);
        assertThat(schema.path("additionalProperties").asBoolean(true)).as("other fields are refused").isFalse();
    }

    private static JsonNode operation(String operation) {
        if (paths == null) {
            try {
                paths = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                        .extract().asString()).get("paths");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        String[] p = operation.split(" ", 2);
        JsonNode op = paths.path(p[1]).path(p[0]);
        assertThat(op.isObject()).as(operation + " in the document").isTrue();
        return op;
    }
}
