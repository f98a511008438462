package io.neuronetes.service.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neuronetes.service.config.NeuronetesConfig;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bearer-token check of the changing endpoints, as docs/api.md ("Changing") gives it: no or malformed header 401,
 * a wrong token 403, and 403 for every request while {@code neuronetes.api.token} is not set, with or without a
 * header: no token can be right then, so asking for one would send the caller looking for it.
 */
class ApiAuthTest {

    static ApiAuth auth(String token) {
        NeuronetesConfig.Api api = (NeuronetesConfig.Api) Proxy.newProxyInstance(ApiAuthTest.class.getClassLoader(),
                new Class<?>[] {NeuronetesConfig.Api.class}, (p, m, a) -> {
                    if (m.getName().equals("token")) {
                        return Optional.ofNullable(token);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        ApiAuth auth = new ApiAuth();
        auth.config = (NeuronetesConfig) Proxy.newProxyInstance(ApiAuthTest.class.getClassLoader(),
                new Class<?>[] {NeuronetesConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("api")) {
                        return api;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        return auth;
    }

    static Response refusal(ApiAuth auth, String authorization) {
        return catchThrowableOfType(WebApplicationException.class, () -> auth.require(authorization)).getResponse();
    }

    static String error(Response r) {
        return String.valueOf(((Map<?, ?>) r.getEntity()).get("error"));
    }

    @Test
    void withoutAConfiguredTokenEveryRequestIs403() {
        ApiAuth auth = auth(null);
        for (String header : new String[] {null, "", "Basic abc", "Bearer ", "Bearer some-token-0123456789"}) {
            Response r = refusal(auth, header);
            assertThat(r.getStatus()).as("header %s", header).isEqualTo(403);
            assertThat(error(r)).isEqualTo("mutating endpoints are disabled: neuronetes.api.token is not set");
            assertThat(r.getHeaderString("WWW-Authenticate")).isNull();
        }
    }

    @Test
    void withATokenAMissingHeaderIs401AndAWrongToken403() {
        ApiAuth auth = auth("right-token-0123456789");
        for (String header : new String[] {null, "", "Basic abc", "Bearer "}) {
            Response r = refusal(auth, header);
            assertThat(r.getStatus()).as("header %s", header).isEqualTo(401);
            assertThat(r.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
        }
        Response wrong = refusal(auth, "Bearer wrong-token-0123456789");
        assertThat(wrong.getStatus()).isEqualTo(403);
        assertThat(error(wrong)).isEqualTo("wrong token");
        assertThatCode(() -> auth.require("Bearer right-token-0123456789")).doesNotThrowAnyException();
    }
}
