package io.neuronetes.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's error answers built outside the REST layer's own mappers. */
class ApiErrorTest {

    @Test
    void aStandbyRefusesWhatOnlyTheLeaderCarriesOutWith503AndRetryAfter() {
        Response r = ApiError.standingBy("overrides", "lease neuronetes/neuronetes-scaler held by scaler-a").getResponse();
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(r.getEntity()).isEqualTo(Map.of("error", "this replica does not act on the cluster (lease "
                + "neuronetes/neuronetes-scaler held by scaler-a): overrides are carried out by the leading replica "
                + "only; retry"));
    }
}
