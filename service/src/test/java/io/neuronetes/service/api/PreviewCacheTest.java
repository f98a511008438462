package io.neuronetes.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.runs.ManualOverride;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.testsupport.TestPools;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The reuse rules of the preview cache: time, horizon, and the identity of everything a preview is computed from. */
class PreviewCacheTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final byte[] JSON = "{\"pool\":\"chat\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static PoolRuntime runtime() {
        return new PoolRuntime(TestPools.chat(""), 10);
    }

    private static void store(PreviewCache c, PoolRuntime rt, int steps, Instant at) {
        c.store(rt.name(), steps, at, rt.entry(), rt.state().orElse(null), rt.override().orElse(null), null, JSON);
    }

    @Test
    void servesTheStoredPreviewWithinTheReuseTimeOnly() {
        PreviewCache c = new PreviewCache(Duration.ofSeconds(2));
        PoolRuntime rt = runtime();
        assertThat(c.fresh(rt, 10, null, T0)).isNull();
        store(c, rt, 10, T0);
        assertThat(c.fresh(rt, 10, null, T0)).isSameAs(JSON);
        assertThat(c.fresh(rt, 10, null, T0.plusMillis(1999))).isSameAs(JSON);
        assertThat(c.fresh(rt, 10, null, T0.plusSeconds(2))).isNull(); // expired
        assertThat(c.fresh(rt, 10, null, T0.minusMillis(1))).isNull(); // the clock stepped back
        assertThat(c.fresh(rt, 5, null, T0)).isNull(); // another horizon
    }

    @Test
    void aChangedDocumentOverrideOrModelMakesItStale() {
        PreviewCache c = new PreviewCache(Duration.ofSeconds(2));
        PoolRuntime rt = runtime();
        store(c, rt, 10, T0);
        rt.override(new ManualOverride(3, 3, "launch", T0, T0.plusSeconds(900)));
        assertThat(c.fresh(rt, 10, null, T0)).isNull();
        store(c, rt, 10, T0);
        assertThat(c.fresh(rt, 10, null, T0)).isSameAs(JSON);
        rt.entry(TestPools.chat(""));
        assertThat(c.fresh(rt, 10, null, T0)).isNull();
    }

    @Test
    void zeroReuseNeverServesAStoredPreview() {
        PreviewCache c = new PreviewCache(Duration.ZERO);
        PoolRuntime rt = runtime();
        store(c, rt, 10, T0);
        assertThat(c.fresh(rt, 10, null, T0)).isNull();
    }

    @Test
    void entriesOfPoolsNoLongerServedAreDropped() {
        PreviewCache c = new PreviewCache(Duration.ofSeconds(2));
        PoolRuntime rt = runtime();
        store(c, rt, 10, T0);
        c.retain(name -> false);
        assertThat(c.fresh(rt, 10, null, T0)).isNull();
    }
}
