package io.neuronetes.service.api;

import io.neuronetes.service.config.NeuronetesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Bearer-token check of the mutating endpoints ({@code POST /v1/scale}, {@code DELETE /v1/scale/{pool}},
 * {@code POST .../retrain}): no token configured ({@code neuronetes.api.token}): 403 for every request, with or
 * without a header; else no or malformed {@code Authorization} header: 401 with {@code WWW-Authenticate: Bearer}, and
 * a wrong token 403. Tokens are compared in constant time and never logged or echoed.
 */
@ApplicationScoped
public class ApiAuth {

    @Inject
    NeuronetesConfig config;

    /** @throws WebApplicationException 401 or 403 unless {@code authorization} carries the configured token */
    public void require(String authorization) {
        String expected = config.api().token().orElse(null);
        if (expected == null) {
            // No token can be right: asking for one (401) would send the caller looking for it.
            throw ApiError.of(Response.Status.FORBIDDEN,
                    "mutating endpoints are disabled: neuronetes.api.token is not set");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() <= 7) {
            throw new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"neuronetes\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "this endpoint needs 'Authorization: Bearer <token>'")).build());
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.of(Response.Status.FORBIDDEN, "wrong token");
        }
    }
}
