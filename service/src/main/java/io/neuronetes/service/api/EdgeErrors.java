package io.neuronetes.service.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API's errors that the HTTP layer would answer around the REST resources, as JSON errors like every other under
 * {@code /api} and {@code /v1}: a body over {@code quarkus.http.limits.max-body-size} (413, checked by its
 * {@code Content-Length} before the HTTP layer's own bodiless check) and a path no endpoint serves (404 instead of
 * an HTML page). A request line or headers over the HTTP decoder's limits (414, 431) and a chunked body that
 * outgrows the limit are refused before any handler runs and stay without a body; docs/api.md says so. An
 * {@code OPTIONS} request is answered here too, with the methods of its path in {@code Allow}: the REST layer's own
 * answer names those of every endpoint of the path's resource class.
 */
@ApplicationScoped
public class EdgeErrors {

    static final List<String> PREFIXES = List.of("/api/*", "/v1/*");

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;
    @Inject
    ServiceEndpoints endpoints;

    void install(@Observes Router router) {
        for (String prefix : PREFIXES) {
            router.route(prefix).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseLargeBody);
            router.route(prefix).method(HttpMethod.OPTIONS).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                    .handler(this::options);
            router.route(prefix).last().handler(EdgeErrors::noEndpoint);
        }
    }

    private void refuseLargeBody(RoutingContext ctx) {
        long limit = maxBodySize.asLongValue();
        long length = contentLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH));
        if (length <= limit) {
            ctx.next();
            return;
        }
        // The body is not read: the connection closes once the answer is out, as with the HTTP layer's own 413.
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> ctx.request().connection().close());
        send(ctx, 413, "body: " + length + " bytes, over the limit of " + bytes(limit));
    }

    /**
     * 204 with the methods the path has in {@code Allow}, HEAD with GET, and OPTIONS; a path no endpoint has goes on
     * to the 404 of {@link #noEndpoint}.
     */
    private void options(RoutingContext ctx) {
        Set<String> allowed = new TreeSet<>(endpoints.allowed(ctx.normalizedPath()));
        if (allowed.isEmpty()) {
            ctx.next();
            return;
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        ctx.response().setStatusCode(204).putHeader(HttpHeaders.ALLOW, String.join(", ", allowed)).end();
    }

    /**
     * Reached only when no other route answered: no resource has this path. The path named is the one routed, with
     * dot segments resolved ({@code /api/v1/pools/%2e%2e} is {@code /api/v1/}).
     */
    private static void noEndpoint(RoutingContext ctx) {
        send(ctx, 404, ApiError.noEndpoint(ctx.request().method().name(), ctx.request().path()));
    }

    private static void send(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    /** The declared body length, -1 when there is none or it is not a number (the HTTP layer deals with those). */
    static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String bytes(long n) {
        return n % 1024 == 0 ? n / 1024 + " KiB" : n + " bytes";
    }
}
