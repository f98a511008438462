package io.neuronetes.service.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The errors the REST layer raises before a resource method runs (a method the path does not have, a content type
 * the endpoint does not read, an {@code Accept} it cannot answer), and any exception a resource did not expect, as
 * the API's JSON errors ({@link ApiError}) that name what is wrong, where the REST layer would answer with no body
 * (or, for a bug, the HTTP layer's error page). Errors the resources raise themselves carry their JSON body and do not
 * come here. {@link EdgeErrors} covers what is refused before the REST layer, or that it passes on.
 */
public class ApiErrorMappers {

    private static final System.Logger LOG = System.getLogger(ApiErrorMappers.class.getName());

    @Inject
    ServiceEndpoints endpoints;

    /** 405 with the {@code Allow} header, which the REST layer leaves out, and the methods named. */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, Request request, UriInfo uri) {
        Set<String> allowed = endpoints.allowed(uri.getPath());
        return Response.status(Response.Status.METHOD_NOT_ALLOWED).allow(allowed).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", request.getMethod() + " " + ApiError.clip(uri.getPath())
                        + ": method not allowed, use " + String.join(" or ", allowed))).build();
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e, HttpHeaders headers) {
        return json(e, ApiError.unsupportedContentType(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpHeaders headers) {
        return json(e, "Accept: this endpoint answers application/json, not '"
                + ApiError.clip(headers.getHeaderString(HttpHeaders.ACCEPT)) + "'");
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, Request request, UriInfo uri) {
        return e.getResponse().hasEntity() ? e.getResponse()
                : json(e, ApiError.noEndpoint(request.getMethod(), uri.getPath()));
    }

    /** Any other status the REST layer answers by itself: the status's own words. */
    @ServerExceptionMapper
    public Response other(WebApplicationException e) {
        Response r = e.getResponse();
        return r.hasEntity() ? r : json(e, r.getStatusInfo().getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
    }

    /** A bug: logged with its stack, answered 500 without internals. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, Request request, UriInfo uri) {
        LOG.log(System.Logger.Level.ERROR, request.getMethod() + " " + uri.getPath() + " failed", e);
        return Response.serverError().type(MediaType.APPLICATION_JSON).entity(Map.of("error",
                "internal error (" + e.getClass().getSimpleName() + "); the service log has the details")).build();
    }

    /** The framework's answer (its status and headers, such as {@code Allow}) with the JSON error as body. */
    private static Response json(WebApplicationException e, String message) {
        return Response.fromResponse(e.getResponse()).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message)).build();
    }
}
