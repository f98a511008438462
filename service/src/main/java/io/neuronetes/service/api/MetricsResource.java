package io.neuronetes.service.api;

import io.neuronetes.service.observe.ScalerMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /metrics}: the service's metrics in the Prometheus text format (see docs/metrics.md). */
@Path("/metrics")
public class MetricsResource {

    @Inject
    ScalerMetrics metrics;

    @GET
    @Operation(summary = "Prometheus metrics of the scaler, in the text format 0.0.4")
    public Response scrape() {
        StreamingOutput body = metrics::write;
        return Response.ok(body).type(metrics.contentType()).build();
    }
}
