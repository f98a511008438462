package io.neuronetes.service.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * The service's own {@link Endpoints}, found once, on first use, among its CDI beans with {@code @Path}: what the
 * 405's {@code Allow} header ({@link ApiErrorMappers}) and the answer to {@code OPTIONS} ({@link EdgeErrors}) name.
 */
@ApplicationScoped
public class ServiceEndpoints {

    @Inject
    BeanManager beans;

    private volatile Endpoints endpoints;

    /** The methods allowed on {@code path} (decoded, without the query), sorted; empty when no endpoint has it. */
    Set<String> allowed(String path) {
        Endpoints e = endpoints;
        if (e == null) {
            e = Endpoints.of(beans);
            endpoints = e;
        }
        return e.allowed(path);
    }
}
