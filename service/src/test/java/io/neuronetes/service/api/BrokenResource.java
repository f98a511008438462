package io.neuronetes.service.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A resource of the tests only, with a bug: what the API answers when a resource throws what it did not expect. */
@Path("/api/v1/test-only/broken")
public class BrokenResource {

    @GET
    public String broken() {
        throw new IllegalStateException("a bug with internals: /secret/path");
    }
}
