package io.neuronetes.service.api;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Query parameters an endpoint does not take, or one given more than once, are refused with a 400 naming them,
 * before the endpoint runs: {@code ?horizn=15} would otherwise be ignored and the default horizon answered, and of
 * {@code ?limit=5&limit=500} one value would be taken silently. An endpoint's parameters are those of its method's
 * {@link QueryParam}s.
 */
public class QueryParameters {

    private final Map<Method, Set<String>> taken = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public Optional<Response> check(UriInfo uri, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return Optional.empty();
        }
        Set<String> names = taken.computeIfAbsent(method, QueryParameters::names);
        for (Map.Entry<String, List<String>> p : uri.getQueryParameters(true).entrySet()) {
            String name = p.getKey();
            if (!names.contains(name)) {
                return refuse("query parameter '" + ApiError.clip(name) + "': "
                        + (names.isEmpty() ? "this endpoint takes none" : "this endpoint takes "
                                + String.join(", ", names)));
            }
            if (p.getValue().size() > 1) {
                return refuse(name + ": given " + p.getValue().size() + " times; give it once");
            }
        }
        return Optional.empty();
    }

    private static Optional<Response> refuse(String message) {
        return Optional.of(ApiError.badRequest(message).getResponse());
    }

    /** The names of {@code method}'s query parameters, sorted. */
    private static Set<String> names(Method method) {
        Set<String> out = new TreeSet<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam q) {
                    out.add(q.value());
                }
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }
}
