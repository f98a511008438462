package io.neuronetes.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.runs.ManualOverride;
import io.neuronetes.service.runs.OverrideStore;
import io.neuronetes.service.runs.PoolRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The guide's webhook, {@code POST /v1/scale} with {@code {"pool", "replicas", "reason"}}: a manual override that
 * holds the pool's serving replicas (clamped to minReplicas..maxReplicas) for {@code neuronetes.api.override-lifetime}
 * (default 15 minutes), after which the planner resumes from that size. Needs {@code Content-Type: application/json}
 * (415 otherwise, a missing one included) and the bearer token. Every override is recorded with its reason in the
 * decisions it shapes, in the log and in {@code neuronetes_agentpool_overrides_total}. In Kubernetes mode it is
 * stored on the AgentPool before it applies: one that cannot be stored is not applied, and the answer is 503.
 *
 * <p>{@code DELETE /v1/scale/{pool}} (bearer token, optional {@code ?reason=}) ends the override in force at once,
 * likewise stored first: one whose end cannot be stored stays in force, and the answer is 503. With none in force
 * the answer is 200 all the same, with {@code "ended": null}, so that a script can end an override without first
 * asking whether there is one.
 */
@Path("/v1/scale")
public class ScaleResource {

    @Inject
    Scaler scaler;
    @Inject
    ApiAuth auth;
    @Inject
    ObjectMapper mapper;

    /**
     * The body, as the OpenAPI document describes it. The method reads the body as text and checks it itself (so that
     * a broken one gets a message saying what is wrong and where); this record only tells the document its shape.
     */
    @Schema(name = "ScaleRequest", additionalProperties = Schema.False.class,
            requiredProperties = {"pool", "replicas", "reason"})
    public record Request(
            @Schema(description = "the pool's name", maxLength = 253) String pool,
            @Schema(description = "serving replicas to hold, clamped to the pool's minReplicas..maxReplicas",
                    minimum = "0") int replicas,
            @Schema(description = "why, kept with every decision the override shapes; no control characters",
                    minLength = 1, maxLength = ManualOverride.MAX_REASON) String reason) {
    }

    /** The answer: what was applied and until when. */
    public record Accepted(String pool, int replicas, int requested, String reason, String until) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Manual override: hold a pool at a replica count for the override lifetime (bearer token)")
    @APIResponse(responseCode = "200", description = "the override applied, clamped to the pool's limits")
    @APIResponse(responseCode = "400", description = "a body that is not JSON, or a missing, wrong or unknown field",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "401", description = ApiError.NO_TOKEN,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "403", description = ApiError.BAD_TOKEN,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "404", description = ApiError.NO_POOL,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "413", description = "a body over 16 KiB",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "415", description = "a Content-Type other than application/json, or none",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "503", description = ApiError.STANDING_BY + "; or the override could not be stored "
            + "on the AgentPool (Kubernetes mode) and was not applied",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    public Accepted scale(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Request.class))) String text) {
        // The REST layer refuses another content type before this method runs, but lets a missing one through:
        // refused the same way, and as early, so that a client is told to say what it sends.
        if (contentType == null || contentType.isBlank()) {
            throw ApiError.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, ApiError.unsupportedContentType(contentType));
        }
        auth.require(authorization);
        scaler.standingBy().ifPresent(why -> {
            throw ApiError.standingBy("overrides", why);
        });
        JsonNode body = parse(text);
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("body: expected a JSON object {\"pool\", \"replicas\", \"reason\"}");
        }
        String pool = text(body, "pool", 253);
        int replicas = replicas(body.get("replicas"));
        String reason = text(body, "reason", ManualOverride.MAX_REASON);
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("pool") && !f.equals("replicas") && !f.equals("reason")) {
                throw ApiError.badRequest(ApiError.clip(f) + ": unknown field");
            }
        });
        PoolRuntime rt = scaler.runtime(pool).orElseThrow(() -> ApiError.notFound(pool));
        ManualOverride o;
        try {
            o = scaler.override(rt, replicas, reason);
        } catch (OverrideStore.NotStoredException e) {
            throw refused(pool, "not applied", e);
        }
        return new Accepted(pool, o.replicas(), o.requested(), o.reason(), o.until().toString());
    }

    /**
     * The answer to {@code DELETE /v1/scale/{pool}}: the override that was in force and ended, or null when none was,
     * and the reason given for ending it, or null.
     */
    public record Ended(String pool, Views.OverrideView ended, String reason) {
    }

    @DELETE
    @Path("{pool}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "End the manual override in force: the planner decides again from the next run, which "
            + "starts at once (bearer token)")
    @APIResponse(responseCode = "200", description = "the override that was in force and ended, or ended: null when "
            + "none was")
    @APIResponse(responseCode = "400", description = "a reason that is blank, too long or has control characters",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "401", description = ApiError.NO_TOKEN,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "403", description = ApiError.BAD_TOKEN,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "404", description = ApiError.NO_POOL,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "503", description = ApiError.STANDING_BY + "; or the end could not be stored on "
            + "the AgentPool (Kubernetes mode), and the override stays in force",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    public Ended end(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("pool") String pool,
            @Parameter(description = "why, for the log (optional; the rules of the override's reason)")
            @QueryParam("reason") String reason) {
        auth.require(authorization);
        scaler.standingBy().ifPresent(why -> {
            throw ApiError.standingBy("overrides", why);
        });
        String why = reason == null || reason.isEmpty() ? null : text("reason", reason, ManualOverride.MAX_REASON);
        PoolRuntime rt = scaler.runtime(pool).orElseThrow(() -> ApiError.notFound(pool));
        try {
            return new Ended(pool, scaler.endOverride(rt, why).map(Views.OverrideView::of).orElse(null), why);
        } catch (OverrideStore.NotStoredException e) {
            throw refused(pool, "not ended", e);
        }
    }

    /** The 503 for an override change that was not stored: this replica stands by, or the store failed. */
    private static WebApplicationException refused(String pool, String outcome, OverrideStore.NotStoredException e) {
        return e.standingBy() ? ApiError.standingBy("overrides", e.getMessage())
                : ApiError.notStored(pool, outcome, e.getMessage());
    }

    /**
     * The body as JSON, read here rather than by the framework so that a broken body gets a message saying what is
     * wrong and where (the framework answers 400 with no body). Jackson's limits refuse nesting deeper than 1000
     * levels; text after the object and a field given twice are refused.
     */
    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("body: expected a JSON object {\"pool\", \"replicas\", \"reason\"}, got "
                    + "nothing");
        }
        try {
            return JsonSyntax.strict(mapper).readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("body: not valid JSON: " + JsonSyntax.describe(e));
        }
    }

    /**
     * The requested replicas: a whole number >= 0 that fits an int. JSON has one kind of number, so {@code 10.0} and
     * {@code 1e1} are 10 as well; a fraction, a negative number or another type is refused, and so is a count past
     * the largest int, saying so rather than calling it not a whole number.
     */
    private static int replicas(JsonNode r) {
        boolean whole = r != null && r.isNumber() && r.canConvertToExactIntegral() && r.bigIntegerValue().signum() >= 0;
        if (whole && r.canConvertToInt()) {
            return r.intValue();
        }
        String got = r == null ? "nothing" : ApiError.clip(r.toString());
        throw ApiError.badRequest(whole ? "replicas: expected a whole number >= 0, at most " + Integer.MAX_VALUE
                + ", got " + got : "replicas: expected a whole number >= 0, got " + got);
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode n = body.get(field);
        if (n != null && !n.isTextual() && !n.isNull()) {
            // a number, an object...: say what came instead of a string
            throw ApiError.badRequest(field + ": expected a non-empty string, got " + ApiError.clip(n.toString()));
        }
        return text(field, n == null ? null : n.textValue(), max);
    }

    private static String text(String field, String value, int max) {
        try {
            return ManualOverride.text(field, value, max);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
