package io.neuronetes.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.app.Scaler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the REST API on the embedded default: generated invalid bodies for the override webhook
 * (wrong types, huge numbers, negative replicas, very long strings, deep nesting, broken JSON, wrong content
 * types), odd pool names for retrain, preview, shadow, decisions and the end of an override
 * ({@code DELETE /v1/scale/{pool}}), bad query parameters (the end's reason: missing, empty, blank, huge, repeated,
 * with control characters or broken percent-encoding) and Authorization headers. Every answer is a 2xx or a 4xx
 * with a JSON error that names what is wrong, never a 5xx (a request target that is not a URI is refused by the
 * HTTP layer with 400 and no body, as docs/api.md says); afterwards the pool is still served and still runs.
 * Prints the cases tried.
 */
@QuarkusTest
class RestFuzzTest {

    static final String TOKEN = ApiTest.TOKEN;
    static final long SEED = 7_2024L;
    static final int BODY_CASES = 400;
    static final int PATH_CASES = 300;
    static final int END_CASES = 300;
    static final int AUTH_CASES = 60;
    static final String POOL = "demo-nasa";

    @Inject
    Scaler scaler;

    /** One generated request and the words its error must contain (any of them), if refused. */
    record Case(String kind, Function<RequestSpecification, Response> send, List<String> names) {
    }

    /** A status, the Content-Type (or "") and the body of an answer. */
    record Answer(int status, String contentType, String body) {
    }

    @Test
    void generatedBadRequestsGetA4xxNamingTheProblemNeverA5xx() throws Exception {
        Random r = new Random(SEED);
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        int tried = 0;
        for (int i = 0; i < BODY_CASES; i++) {
            tried += check(overrideCase(r), statuses, kinds);
        }
        for (int i = 0; i < PATH_CASES; i++) {
            tried += check(pathCase(r), statuses, kinds);
        }
        for (int i = 0; i < END_CASES; i++) {
            tried += checkEnd(endTarget(r), statuses, kinds);
        }
        for (int i = 0; i < AUTH_CASES; i++) {
            tried += check(authCase(r), statuses, kinds);
        }
        System.out.printf("REST fuzzing: %d requests (seed %d), by kind %s, by status %s%n", tried, SEED, kinds,
                statuses);
        assertThat(tried).isEqualTo(BODY_CASES + PATH_CASES + END_CASES + AUTH_CASES);
        assertThat(statuses.keySet()).allMatch(s -> s.startsWith("2") || s.startsWith("4"));
        assertThat(statuses).doesNotContainKeys("202 retrain", "202 auth", "200 auth"); // never queued unasked

        // The pool is still served and still decides after the storm.
        var rt = scaler.runtime(POOL).orElseThrow();
        var before = rt.log().last().orElse(null);
        scaler.runNow(POOL);
        long deadline = System.currentTimeMillis() + 20_000;
        while (rt.log().last().orElse(null) == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(rt.log().last().orElse(null)).as("a decision after the fuzzing").isNotSameAs(before);
        given().get("/api/v1/pools/" + POOL).then().statusCode(200);
        given().get("/api/v1/pools/" + POOL + "/forecast").then().statusCode(200);
    }

    private static int check(Case c, Map<String, Integer> statuses, Map<String, Integer> kinds) {
        Response res = c.send().apply(given().redirects().follow(false));
        return check(c.kind(), new Answer(res.statusCode(), res.contentType(), res.asString()), c.names(), statuses,
                kinds);
    }

    private static int check(String kind, Answer res, List<String> names, Map<String, Integer> statuses,
            Map<String, Integer> kinds) {
        int status = res.status();
        statuses.merge(Integer.toString(status), 1, Integer::sum);
        if (status < 300) {
            statuses.merge(status + " " + kind, 1, Integer::sum);
        }
        kinds.merge(kind, 1, Integer::sum);
        String body = res.body();
        assertThat(status).as("%s answered %d: %s", kind, status, clip(body)).isBetween(200, 499);
        if (status >= 400 && status != 414) { // 414: the HTTP decoder's, with no body (docs/api.md)
            assertThat(res.contentType()).as("%s answered %d: %s", kind, status, clip(body)).contains("json");
            String error = JsonPath.from(body).getString("error");
            assertThat(error).as("%s answered %d without an error message: %s", kind, status, clip(body))
                    .isNotBlank();
            assertThat(error.length()).as("%s: error length", kind).isLessThan(1_000);
            if (!names.isEmpty()) {
                assertThat(names).as("%s answered %d: %s", kind, status, error).anyMatch(error::contains);
            }
        }
        return 1;
    }

    private static String clip(String s) {
        return s.length() < 300 ? s : s.substring(0, 300) + "...";
    }

    // ---- the override webhook

    static final List<String> OVERRIDE_NAMES = List.of("body", "pool", "replicas", "reason", "unknown field",
            "no pool named", "JSON", "json");

    private static Case overrideCase(Random r) {
        int kind = r.nextInt(6);
        String body = switch (kind) {
            case 0 -> "{\"pool\":" + value(r) + ",\"replicas\":" + value(r) + ",\"reason\":" + value(r) + "}";
            case 1 -> "{\"pool\":\"" + POOL + "\",\"replicas\":" + value(r) + ",\"reason\":\"fuzz\"}";
            case 2 -> "{\"pool\":\"" + POOL + "\",\"replicas\":3,\"reason\":" + value(r) + ","
                    + "\"" + word(r) + "\":" + value(r) + "}";
            case 3 -> broken(r);
            case 4 -> value(r);
            default -> "{\"pool\":" + value(r) + ",\"replicas\":3,\"reason\":\"fuzz\"}";
        };
        boolean json = r.nextInt(8) != 0;
        return new Case(json ? "override body" : "override content type", req -> {
            RequestSpecification s = req.header("Authorization", "Bearer " + TOKEN).body(body);
            s = json ? s.contentType(ContentType.JSON) : s.contentType(List.of("text/plain", "application/xml",
                    "application/x-www-form-urlencoded").get(r.nextInt(3)));
            return s.post("/v1/scale");
        }, json ? OVERRIDE_NAMES : List.of("Content-Type"));
    }

    /** A JSON value of a random kind, often a bad one. */
    static String value(Random r) {
        return switch (r.nextInt(16)) {
            case 0 -> "null";
            case 1 -> Boolean.toString(r.nextBoolean());
            case 2 -> Integer.toString(r.nextInt());
            case 3 -> "9".repeat(19 + r.nextInt(400));
            case 4 -> "-" + r.nextInt(1000);
            case 5 -> "1e" + r.nextInt(999);
            case 6 -> "3.5";
            case 7 -> "\"" + "x".repeat(r.nextInt(5_000)) + "\"";
            case 8 -> "\"\\u0000\\n\\u001b\"";
            case 9 -> "[" + value(r) + "]";
            case 10 -> "{\"a\":" + (r.nextBoolean() ? "1" : "{}") + "}";
            case 11 -> "[".repeat(2_000 + r.nextInt(4_000)) + "]".repeat(2_000 + r.nextInt(4_000));
            case 12 -> "\"" + POOL + "\"";
            case 13 -> "\"../../etc/passwd\"";
            case 14 -> "NaN";
            default -> "\"" + word(r) + "\"";
        };
    }

    private static String broken(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "{\"pool\": \"" + POOL + "\", \"replicas\": 3,";
            case 3 -> "{'pool': 'x'}";
            case 4 -> "\u00ff\u00fe\u0000garbage";
            default -> "{\"pool\":\"" + POOL + "\",\"replicas\":3,\"reason\":\"x\",\"reason\":\"y\"}";
        };
    }

    private static String word(Random r) {
        String alphabet = "abcxyz-_.~%é中\u202e0123456789";
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 400 : 12);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    // ---- paths and query parameters

    private static Case pathCase(Random r) {
        String pool = r.nextInt(4) == 0 ? POOL : URLEncoder.encode(word(r), StandardCharsets.UTF_8);
        String bad = URLEncoder.encode(List.of("-1", "0", "99999999999", "1e3", "soon", "", " ", "7d", "1.5",
                "NaN", "9".repeat(300), word(r)).get(r.nextInt(12)), StandardCharsets.UTF_8);
        return switch (r.nextInt(5)) {
            case 0 -> new Case("preview", req -> req.urlEncodingEnabled(false)
                    .get("/api/v1/pools/" + pool + "/forecast?horizon=" + bad), List.of("horizon", "no pool named"));
            case 1 -> new Case("decisions", req -> req.urlEncodingEnabled(false)
                    .get("/api/v1/pools/" + pool + "/decisions?limit=" + bad), List.of("limit", "no pool named"));
            // Only bad day counts: a good one would start a replay, which is not what this test is about.
            case 2 -> new Case("shadow", req -> req.urlEncodingEnabled(false)
                    .get("/api/v1/pools/" + pool + "/shadow?days=" + (bad.matches("\\d+") ? "0" : bad)),
                    List.of("days", "no pool named"));
            case 3 -> new Case("retrain", req -> req.urlEncodingEnabled(false).header("Authorization",
                    "Bearer " + TOKEN).post("/api/v1/pools/" + (pool.equals(POOL) ? "x" + pool : pool)
                    + "/retrain"), List.of("no pool named"));
            default -> new Case("pool", req -> req.urlEncodingEnabled(false).get("/api/v1/pools/" + pool),
                    List.of("no pool named"));
        };
    }

    // ---- the end of an override

    static final List<String> END_NAMES = List.of("reason", "no pool named", "no endpoint", "method not allowed",
            "percent-escape");

    /**
     * Sends {@code DELETE target}: a target that is not a URI (a broken percent-escape) is refused by the HTTP layer
     * before any of the service's code sees it, with 400 (414 when it is also too long) and no body (docs/api.md);
     * any other is checked as the other cases are.
     */
    private static int checkEnd(String target, Map<String, Integer> statuses, Map<String, Integer> kinds) {
        Answer res = delete(target);
        if (uri(target)) {
            Optional<String> reason = firstReason(target);
            if (reason.isPresent() && reason.get().chars().anyMatch(Character::isISOControl)) {
                // The endpoint checks the reason before it looks the pool up: neither an end nor "no pool named".
                assertThat(res.status() < 300 || res.body().contains("no pool named"))
                        .as("DELETE %s: a reason with a control character got past the check: %d %s", clip(target),
                                res.status(), clip(res.body())).isFalse();
            }
            return check("end", res, END_NAMES, statuses, kinds);
        }
        statuses.merge(Integer.toString(res.status()), 1, Integer::sum);
        kinds.merge("end, not a URI", 1, Integer::sum);
        assertThat(res.status()).as("DELETE %s (not a URI) answered %d: %s", clip(target), res.status(),
                clip(res.body())).isIn(400, 414); // 414: a request line over the limit, refused first
        assertThat(res.body()).as("DELETE %s (not a URI)", clip(target)).isEmpty();
        return 1;
    }

    /** The first {@code reason} of the target's query, decoded and stripped, as the endpoint reads it. */
    private static Optional<String> firstReason(String target) {
        int q = target.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        return Arrays.stream(target.substring(q + 1).split("&")).filter(p -> p.startsWith("reason="))
                .map(p -> URLDecoder.decode(p.substring("reason=".length()), StandardCharsets.UTF_8).strip())
                .findFirst();
    }

    private static boolean uri(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * A target for {@code DELETE /v1/scale/{pool}}: odd pool names (encoded words, percent-escapes of slashes, dots,
     * NUL, invalid UTF-8, broken escapes), and reasons that are missing, empty, blank, good, at and over the limit,
     * huge, repeated, or carry control characters, invalid UTF-8 or broken escapes.
     */
    private static String endTarget(Random r) {
        String pool = switch (r.nextInt(4)) {
            case 0 -> POOL;
            case 1 -> List.of("%2F", "a%2Fb", "%2e%2e", "%2e", ".", "%00", "%0A", "%FF", "%C0%AF", "%ED%A0%80",
                    "%", "%zz", "%2", POOL + "%20", "%20" + POOL, "+", "x".repeat(300), "~" + POOL,
                    POOL.toUpperCase(Locale.ROOT)).get(r.nextInt(19));
            default -> URLEncoder.encode(word(r), StandardCharsets.UTF_8);
        };
        String query = switch (r.nextInt(12)) {
            case 0 -> "";
            case 1 -> "?reason=";
            case 2 -> "?reason=" + URLEncoder.encode(word(r), StandardCharsets.UTF_8);
            case 3 -> "?reason=%20%20%09";
            case 4 -> "?reason=" + "x".repeat(256);
            case 5 -> "?reason=" + "x".repeat(257);
            case 6 -> "?reason=" + "y".repeat(1_000 + r.nextInt(6_000));
            case 7 -> "?reason=" + List.of("a%00b", "a%0Ab", "%1B%5B31m", "a%7Fb", "a%C2%85b", "%C2%9B31m",
                    "%E2%80%AE").get(r.nextInt(7));
            case 8 -> "?reason=" + List.of("%FF", "%C0%AF", "%ED%A0%80", "%", "%zz", "a%2").get(r.nextInt(6));
            case 9 -> "?reason=a&reason=" + URLEncoder.encode(word(r), StandardCharsets.UTF_8);
            case 10 -> "?reason";
            default -> "?" + URLEncoder.encode(word(r), StandardCharsets.UTF_8) + "=" + word(r).length();
        };
        return "/v1/scale/" + pool + query;
    }

    /**
     * {@code DELETE target} with the token, written to the socket as given: the HTTP clients refuse to send a
     * broken percent-escape, and the server is to see exactly these bytes. HTTP/1.0, so that the answer comes
     * whole (not chunked) and the connection closes after it.
     */
    private static Answer delete(String target) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
            socket.setSoTimeout(20_000);
            String request = "DELETE " + target + " HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = answer.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
            String body = headEnd < 0 ? "" : answer.substring(headEnd + 4);
            List<String> lines = head.lines().toList();
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            String contentType = lines.stream().skip(1).filter(l -> l.toLowerCase(Locale.ROOT)
                    .startsWith("content-type:")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()
                    .orElse("");
            return new Answer(status, contentType, body);
        } catch (IOException e) {
            throw new UncheckedIOException("DELETE " + clip(target), e);
        }
    }

    // ---- Authorization headers

    private static Case authCase(Random r) {
        String header = switch (r.nextInt(6)) {
            case 0 -> "Bearer " + word(r);
            case 1 -> "Bearer";
            case 2 -> "bearer  " + TOKEN.substring(0, r.nextInt(TOKEN.length()));
            case 3 -> "Basic " + word(r);
            case 4 -> "Bearer " + "t".repeat(4_000);
            default -> word(r);
        };
        int endpoint = r.nextInt(3);
        return new Case("auth", req -> {
            RequestSpecification s = req.header("Authorization", header);
            return switch (endpoint) {
                case 0 -> s.post("/api/v1/pools/" + POOL + "/retrain");
                case 1 -> s.queryParam("reason", "fuzz").delete("/v1/scale/" + POOL);
                default -> s.contentType(ContentType.JSON).body("{\"pool\":\"" + POOL + "\",\"replicas\":3,"
                        + "\"reason\":\"fuzz\"}").post("/v1/scale");
            };
        }, List.of("Authorization", "token"));
    }
}
