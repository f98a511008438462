package io.neuronetes.service.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Error answers of the API: a status and a JSON body {@code {"error": "..."}} that says what is wrong. */
public final class ApiError {

    /** Answers the OpenAPI document describes the same way for every endpoint that gives them. */
    static final String NO_POOL = "no pool of that name";
    static final String NO_TOKEN = "no or malformed Authorization header (with WWW-Authenticate: Bearer)";
    static final String STANDING_BY = "this replica stands by while another acts on the cluster (Kubernetes mode "
            + "with leader election); retry after Retry-After seconds";
    static final String BAD_TOKEN = "a wrong token, or no token configured (neuronetes.api.token)";

    /** The body of every error answer, for the OpenAPI document. */
    @Schema(name = "ErrorBody", description = "what is wrong, naming the parameter, field or header")
    public record Body(@Schema(example = "no pool named 'x'") String error) {
    }

    private ApiError() {
    }

    public static WebApplicationException of(Response.Status status, String message) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message)).build());
    }

    /**
     * 503 with Retry-After for a request that only the replica acting on the cluster carries out ({@code what}:
     * overrides, retrains), while this one stands by for {@code why}: the caller retries, and the Service may send
     * the retry to the leader.
     */
    static WebApplicationException standingBy(String what, String why) {
        String message = "this replica does not act on the cluster (" + why + "): " + what
                + " are carried out by the leading replica only; retry";
        return new WebApplicationException(message, Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1").type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build());
    }

    /**
     * 503 for an override, or its end, that could not be stored in the cluster ({@code why} names where and the
     * cause), and so was not applied ({@code outcome}: not applied, not ended): the caller retries once the API
     * server answers.
     */
    static WebApplicationException notStored(String pool, String outcome, String why) {
        return of(Response.Status.SERVICE_UNAVAILABLE, "override of pool '" + clip(pool) + "' " + outcome + ": "
                + why + "; retry");
    }

    public static WebApplicationException notFound(String pool) {
        return of(Response.Status.NOT_FOUND, "no pool named '" + clip(pool) + "'");
    }

    public static WebApplicationException badRequest(String message) {
        return of(Response.Status.BAD_REQUEST, message);
    }

    /** The message of a 415: the content type given, or that there was none. */
    static String unsupportedContentType(String given) {
        return "Content-Type: expected application/json, got " + (given == null || given.isBlank() ? "nothing"
                : "'" + clip(given) + "'");
    }

    /** The message of a 404 for a path that no endpoint serves (as opposed to an unknown pool). */
    static String noEndpoint(String method, String path) {
        return "no endpoint " + method + " " + clip(path) + "; the endpoints are listed at /q/openapi";
    }

    /** Bounds user text echoed in messages. */
    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
