package io.neuronetes.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.app.Forecasts;
import io.neuronetes.service.app.Scaler;
import io.neuronetes.service.app.Training;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.models.ServingModel;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.Evaluation;
import io.neuronetes.service.runs.ForecastResult;
import io.neuronetes.service.runs.PoolRuntime;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The pools API under {@code /api/v1/pools}; see docs/api.md. */
@Path("/api/v1/pools")
@Produces(MediaType.APPLICATION_JSON)
public class PoolsResource {

    /** Steps of recent history the preview shows before the forecast. */
    static final int PREVIEW_HISTORY_STEPS = 60;

    @Inject
    Scaler scaler;
    @Inject
    Forecasts forecasts;
    @Inject
    Training training;
    @Inject
    ApiAuth auth;
    @Inject
    NeuronetesConfig config;
    @Inject
    Clock clock;
    @Inject
    MetricsSource source;
    @Inject
    ObjectMapper mapper;

    private PreviewCache previews;

    @PostConstruct
    void init() {
        previews = new PreviewCache(config.api().previewReuse());
    }

    @GET
    @Operation(summary = "The pools being served, and the documents that are not (with why)")
    @APIResponse(responseCode = "200", description = "the pools and the documents that are not served")
    public Views.PoolList list() {
        Instant now = clock.instant();
        List<Views.PoolSummary> pools = scaler.runtimes().stream()
                .sorted(Comparator.comparing(PoolRuntime::name))
                .map(rt -> Views.summary(rt, forecasts.serving(rt.name()), scaler.registry().refused(rt.name()), now))
                .toList();
        return new Views.PoolList(scaler.actuatorMode(), scaler.demo(), pools,
                scaler.registry().problems().stream().map(Views.Invalid::of).toList());
    }

    @GET
    @Path("/{pool}")
    @Operation(summary = "One pool: spec summary, serving model and its scores, last run, last decisions")
    @APIResponse(responseCode = "200", description = "the pool")
    @APIResponse(responseCode = "404", description = ApiError.NO_POOL,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    public Views.PoolDetail pool(@PathParam("pool") String pool) {
        PoolRuntime rt = runtime(pool);
        return new Views.PoolDetail(Views.summary(rt, forecasts.serving(pool), scaler.registry().refused(pool),
                clock.instant()),
                Views.SpecView.of(rt.entry().pool()), training.last(pool).orElse(null), rt.log().newest(10));
    }

    @GET
    @Path("/{pool}/decisions")
    @Operation(summary = "The pool's recent decisions, newest first")
    @APIResponse(responseCode = "200", description = "the decisions, newest first")
    @APIResponse(responseCode = "400", description = "limit not a whole number in 1..decision-log-size",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "404", description = ApiError.NO_POOL,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    public List<DecisionRecord> decisions(@PathParam("pool") String pool,
            @Parameter(description = "how many, 1..decision-log-size (default 50)") @QueryParam("limit")
            String limit) {
        PoolRuntime rt = runtime(pool);
        int n = limit == null ? 50 : parseInt("limit", limit, 1, config.runs().decisionLogSize());
        return rt.log().newest(n);
    }

    @GET
    @Path("/{pool}/forecast")
    @Operation(summary = "Preview: forecast with intervals, confidence and gate, schedule, reactive view, and the "
            + "decision the planner would make now with its reasons")
    @APIResponse(responseCode = "200", description = "the preview", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreviewView.class)))
    @APIResponse(responseCode = "400", description = "horizon not 1..1440 minutes, or past the model's trained horizon",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "404", description = ApiError.NO_POOL,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    public Uni<Response> forecast(@PathParam("pool") String pool,
            @Parameter(description = "minutes ahead (e.g. 15) or a duration (15m, 1h); default the pool's "
                    + "horizonMinutes") @QueryParam("horizon") String horizon) {
        // On the I/O thread: lookups and the reuse check only. Computing a preview may query Prometheus, so it
        // runs on a worker thread.
        PoolRuntime rt = runtime(pool);
        AgentPool spec = rt.entry().pool();
        int minutes = horizon == null ? spec.autoscaling().predictive().horizonMinutes() : minutes(horizon);
        long stepSec = config.prometheus().step().getSeconds();
        int steps = (int) Math.max(1, Math.ceil(minutes * 60.0 / stepSec));
        byte[] reused = previews.fresh(rt, steps, forecasts.serving(pool).orElse(null), clock.instant());
        if (reused != null) {
            return Uni.createFrom().item(json(reused));
        }
        return Uni.createFrom().item(() -> json(preview(rt, steps, minutes)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
    }

    /**
     * Computes, serializes and stores the preview of {@code rt} for {@code steps} steps, the {@code minutes} asked
     * for.
     */
    private byte[] preview(PoolRuntime rt, int steps, int minutes) {
        String pool = rt.name();
        PoolEntry entry = rt.entry();
        Object state = rt.state().orElse(null);
        Object override = rt.override().orElse(null);
        ServingModel serving = forecasts.serving(pool).orElse(null);
        AgentPool spec = entry.pool();
        Instant now = clock.instant();
        Evaluation ev = scaler.preview(rt);
        ForecastResult fr = ev.forecast();
        if (fr.forecast() == null || fr.forecast().horizon() != steps) {
            try {
                fr = forecasts.forecastAlways(entry, now, steps);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(pastTheModel(minutes, forecasts.serving(pool).orElse(null), e));
            }
        }
        TimeSeries history = forecasts.recentHistory(pool, PREVIEW_HISTORY_STEPS)
                .orElseGet(() -> recentFromSource(spec, now));
        PreviewView view = PreviewView.of(spec, now, ev, fr, history,
                serving == null ? null : Views.ModelView.of(serving), config.prometheus().step());
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the preview of " + pool, e);
        }
        if (previews.size() > scaler.runtimes().size()) { // some pool was removed since its preview
            previews.retain(name -> scaler.runtime(name).isPresent());
        }
        previews.store(pool, steps, now, entry, state, override, serving, body);
        return body;
    }

    @POST
    @Path("/{pool}/retrain")
    @Operation(summary = "Queues a retrain of the pool (bearer token); the backtest decides whether the new model "
            + "replaces the serving one")
    @APIResponse(responseCode = "202", description = "queued: {\"pool\", \"queued\": true}")
    @APIResponse(responseCode = "401", description = ApiError.NO_TOKEN,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "403", description = ApiError.BAD_TOKEN,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "404", description = ApiError.NO_POOL,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "409", description = "a retrain of the pool is already queued or running",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    @APIResponse(responseCode = "503", description = ApiError.STANDING_BY,
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    public Response retrain(@PathParam("pool") String pool,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.require(authorization);
        scaler.standingBy().ifPresent(why -> {
            throw ApiError.standingBy("retrains", why);
        });
        PoolRuntime rt = runtime(pool);
        boolean queued = training.request(rt.entry());
        if (!queued) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error",
                    "a retrain of '" + pool + "' is already queued or running")).build();
        }
        return Response.accepted(Map.of("pool", pool, "queued", true)).build();
    }

    /**
     * The last {@link #PREVIEW_HISTORY_STEPS} steps of the pool's forecast metric read from the metrics source, for
     * pools that have no cached history (no model yet, or prediction off); null when there is none.
     */
    private TimeSeries recentFromSource(AgentPool spec, Instant now) {
        var metric = spec.autoscaling().loadMetric();
        if (metric.isEmpty()) {
            return null;
        }
        java.time.Duration step = config.prometheus().step();
        Instant end = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), step.toMillis()) * step.toMillis());
        var o = source.range(MetricRef.of(spec.name(), spec.namespace(), metric.get().type().yamlName()),
                end.minus(step.multipliedBy(PREVIEW_HISTORY_STEPS - 1L)), end.plus(step), step);
        return o.hasValue() ? o.value() : null;
    }

    private PoolRuntime runtime(String pool) {
        return scaler.runtime(pool).orElseThrow(() -> ApiError.notFound(pool));
    }

    static int parseInt(String name, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw ApiError.badRequest(name + ": expected a whole number in " + min + ".." + max + ", got '"
                + ApiError.clip(text) + "'");
    }

    /**
     * The 400 for a horizon past what the serving model forecasts, in the minutes the caller asked for (a step is
     * {@code neuronetes.prometheus.step}, not always a minute).
     */
    private String pastTheModel(int minutes, ServingModel serving, IllegalArgumentException e) {
        if (serving == null) {
            return "horizon: " + e.getMessage();
        }
        int trained = serving.model().horizon();
        long stepSec = config.prometheus().step().getSeconds();
        long seconds = trained * stepSec;
        String reach = seconds % 60 == 0 ? Long.toString(seconds / 60)
                : String.format(Locale.ROOT, "%.1f", seconds / 60.0);
        return "horizon: " + minutes + " minutes is past the serving model's horizon of " + reach + " minutes ("
                + trained + " steps of " + stepSec + " s)";
    }

    /** Minutes from {@code 15}, {@code 15m}, {@code 2h} or {@code 90s} (whole minutes), 1..1440. */
    static int minutes(String text) {
        String t = text.strip();
        try {
            long seconds;
            if (t.matches("\\d{1,5}")) {
                seconds = Long.parseLong(t) * 60;
            } else if (t.matches("\\d{1,6}[smh]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                seconds = switch (t.charAt(t.length() - 1)) {
                    case 's' -> n;
                    case 'm' -> n * 60;
                    default -> n * 3600;
                };
            } else {
                seconds = -1;
            }
            if (seconds > 0 && seconds % 60 == 0 && seconds / 60 <= 1440) {
                return (int) (seconds / 60);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw ApiError.badRequest("horizon: expected minutes 1..1440 (15, 15m, 2h), got '" + ApiError.clip(text)
                + "'");
    }
}
