package io.neuronetes.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The errors that the REST and HTTP layers answer rather than a resource (a wrong method, content type or
 * {@code Accept}, a body over the limit, a path no endpoint serves) are JSON errors naming what is wrong, with their
 * status, like the resources' own.
 */
@QuarkusTest
class ErrorAnswersTest {

    static final String OVERRIDE = "{\"pool\":\"demo-nasa\",\"replicas\":3,\"reason\":\"error answers\"}";

    @TestHTTPResource("/")
    URL base;

    /** One request, its path not encoded (the client resolves dot segments). Null fields are not sent. */
    record Call(String method, String path, String contentType, String accept, String body) {
        static Call get(String path) {
            return new Call("GET", path, null, null, null);
        }

        Response send() {
            RequestSpecification s = given().urlEncodingEnabled(false).redirects().follow(false)
                    .header("Authorization", "Bearer " + ApiTest.TOKEN);
            if (contentType != null) {
                s = s.contentType(contentType);
            }
            if (accept != null) {
                s = s.accept(accept);
            }
            if (body != null) {
                s = s.body(body);
            }
            return s.request(method, path);
        }
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("content type not JSON", new Call("POST", "/v1/scale", "text/plain", null, OVERRIDE), 415,
                        "Content-Type: expected application/json, got 'text/plain"),
                Arguments.of("body over 16 KiB", new Call("POST", "/v1/scale", "application/json", null,
                        OVERRIDE.replace("error answers", "x".repeat(20_000))), 413,
                        "body: 20045 bytes, over the limit of 16 KiB"), // 45 characters besides the reason
                Arguments.of("GET of the webhook", Call.get("/v1/scale"), 405,
                        "GET /v1/scale: method not allowed, use POST"),
                Arguments.of("DELETE of a pool", new Call("DELETE", "/api/v1/pools/demo-nasa", null, null, null), 405,
                        "DELETE /api/v1/pools/demo-nasa: method not allowed, use GET"),
                Arguments.of("dot segments as a pool", Call.get("/api/v1/pools/../x"), 404, // sent as /api/v1/x
                        "no endpoint GET /api/v1/x"),
                Arguments.of("path below a pool", Call.get("/api/v1/pools/demo-nasa/nothing"), 404,
                        "no endpoint GET /api/v1/pools/demo-nasa/nothing"),
                Arguments.of("path below /v1", Call.get("/v1/nothing"), 404, "no endpoint GET /v1/nothing"),
                Arguments.of("Accept without JSON", new Call("GET", "/api/v1/pools", null, "text/html", null), 406,
                        "Accept: this endpoint answers application/json, not 'text/html'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void answeredAsJsonErrorsNamingTheProblem(String name, Call call, int status, String message) {
        Response res = call.send();
        assertThat(res.statusCode()).as("%s: %s", name, res.asString()).isEqualTo(status);
        assertThat(res.contentType()).as(name).startsWith("application/json");
        assertThat(res.jsonPath().getString("error")).as(name).contains(message);
    }

    /**
     * Encoded dot segments as a pool name, sent as written (the HTTP client of the other cases resolves them, as curl
     * does not): the service resolves them too, and no endpoint has what is left.
     */
    @Test
    void encodedDotSegmentsGetAJsonNotFound() throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.toURI()
                .resolve("/api/v1/pools/%2e%2e")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(JsonPath.from(res.body()).getString("error"))
                .isEqualTo("no endpoint GET /api/v1/; the endpoints are listed at /q/openapi");
    }

    /** A body without a Content-Type is refused like one of another type (the test's other client always sends one). */
    @Test
    void overrideWithoutContentTypeIs415() throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.toURI()
                .resolve("/v1/scale")).header("Authorization", "Bearer " + ApiTest.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(OVERRIDE.replace("error answers", "no content type")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(415);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(JsonPath.from(res.body()).getString("error"))
                .isEqualTo("Content-Type: expected application/json, got nothing");
        assertThat(given().get("/api/v1/pools/demo-nasa").jsonPath().getString("pool.override.reason"))
                .isNotEqualTo("no content type");
    }

    @Test
    void methodNotAllowedKeepsTheAllowHeader() {
        assertThat(Call.get("/v1/scale").send().header("Allow")).isEqualTo("POST");
        assertThat(Call.get("/api/v1/pools/demo-nasa/retrain").send().header("Allow")).isEqualTo("POST");
        assertThat(Call.get("/v1/scale/demo-nasa").send().header("Allow")).isEqualTo("DELETE");
    }

    /**
     * OPTIONS names the methods the path has, as the 405's {@code Allow} does (plus HEAD with GET, and OPTIONS): not
     * those of every endpoint of the same resource class, which the REST layer's own answer listed
     * ({@code POST} on the preview, {@code DELETE} on the webhook).
     */
    @Test
    void optionsNamesTheMethodsOfThePathItself() {
        Map<String, String> expected = Map.of(
                "/api/v1/pools", "GET, HEAD, OPTIONS",
                "/api/v1/pools/demo-nasa", "GET, HEAD, OPTIONS",
                "/api/v1/pools/demo-nasa/forecast", "GET, HEAD, OPTIONS",
                "/api/v1/pools/demo-nasa/retrain", "OPTIONS, POST",
                "/v1/scale", "OPTIONS, POST",
                "/v1/scale/demo-nasa", "DELETE, OPTIONS");
        expected.forEach((path, allow) -> {
            Response res = new Call("OPTIONS", path, null, null, null).send();
            assertThat(res.statusCode()).as(path).isEqualTo(204);
            assertThat(res.header("Allow")).as(path).isEqualTo(allow);
        });
        Response none = new Call("OPTIONS", "/api/v1/nothing", null, null, null).send();
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.jsonPath().getString("error")).startsWith("no endpoint OPTIONS /api/v1/nothing");
    }

    /**
     * What the HTTP layer refuses before any handler of the service runs, with no body, as docs/api.md says: a
     * request line over {@code quarkus.http.limits.max-initial-line-length} (4096) 414, headers over
     * {@code max-header-size} (20 KiB) 431. (A chunked body past the limit gets a bodiless 413 too, but the
     * connection closes while the client is still sending, so a client sees the answer or a broken pipe.)
     */
    @Test
    void whatTheHttpLayerRefusesKeepsItsStatus() {
        assertThat(Call.get("/api/v1/pools/" + "x".repeat(5_000)).send().statusCode()).isEqualTo(414);
        assertThat(given().header("X-Big", "x".repeat(30_000)).get("/api/v1/pools").statusCode()).isEqualTo(431);
    }

    @Test
    void aBugIsA500JsonErrorWithoutItsInternals() {
        Response res = Call.get("/api/v1/test-only/broken").send();
        assertThat(res.statusCode()).isEqualTo(500);
        assertThat(res.contentType()).startsWith("application/json");
        assertThat(res.jsonPath().getString("error"))
                .isEqualTo("internal error (IllegalStateException); the service log has the details");
    }

    @Test
    void resourceErrorsKeepTheirMessage() {
        given().get("/api/v1/pools/nope").then().statusCode(404).contentType(ContentType.JSON);
        assertThat(given().get("/api/v1/pools/nope").jsonPath().getString("error")).isEqualTo("no pool named 'nope'");
    }
}
