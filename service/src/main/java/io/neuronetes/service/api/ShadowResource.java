package io.neuronetes.service.api;

import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.shadow.ShadowReplay;
import io.neuronetes.service.shadow.ShadowReplays;
import io.neuronetes.service.shadow.ShadowReport;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/v1/pools/{pool}/shadow?days=N}: the pool's own recent history replayed with prediction on and off.
 * 200 with the figures when the result is ready, 202 while the replay runs (ask again), 404 for an unknown pool,
 * 400 for a bad {@code days}, 422 when the history is too short, 503 when it cannot be read. See docs/api.md.
 */
@Path("/api/v1/pools/{pool}/shadow")
@Produces(MediaType.APPLICATION_JSON)
public class ShadowResource {

    @Inject
    Scaler scaler;
    @Inject
    ShadowReplays replays;

    @GET
    @Operation(summary = "Shadow replay: the pool's recorded load replayed through the planner with prediction on "
            + "and off (violated minutes, unserved load, GPU-hours each); 202 while it runs, then cached")
    @APIResponse(responseCode = "200", description = "the figures of both replays", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShadowReport.class)))
    @APIResponse(responseCode = "202", description = "the replay is queued or running: ask again (Retry-After: 2)")
    @APIResponse(responseCode = "400", description = "days not a whole number in 1.." + ShadowReplay.MAX_DAYS,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "404", description = ApiError.NO_POOL,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "422", description = "too little history to replay, or no additive metric",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "503", description = "the metrics source failed, or too many replays wait",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    public Response shadow(@PathParam("pool") String pool,
            @Parameter(description = "whole days to replay, 1.." + ShadowReplay.MAX_DAYS + " (default 7)")
            @QueryParam("days") String days) {
        PoolRuntime rt = scaler.runtime(pool).orElseThrow(() -> ApiError.notFound(pool));
        int n = days == null ? 7 : PoolsResource.parseInt("days", days, 1, ShadowReplay.MAX_DAYS);
        ShadowReplays.Outcome o = replays.get(rt.entry().pool(), n);
        if (o instanceof ShadowReplays.Outcome.Done done) {
            return Response.ok(done.report()).build();
        }
        if (o instanceof ShadowReplays.Outcome.Running running) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pool", pool);
            body.put("status", "running");
            body.put("days", n);
            body.put("since", running.since().toString());
            body.put("message", running.message());
            return Response.accepted(body).header("Retry-After", "2").build();
        }
        ShadowReplays.Outcome.Failed failed = (ShadowReplays.Outcome.Failed) o;
        // 422 has no constant in Response.Status: the answer is built with the number.
        return Response.status(failed.status()).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", failed.message(), "pool", pool, "days", n)).build();
    }
}
