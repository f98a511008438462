package io.neuronetes.service.testsupport;

import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.kubernetes.KubernetesSettings;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** The service's settings from a map of keys, mapped as the service maps them, without starting it. */
public final class TestConfig {

    private TestConfig() {
    }

    /** {@link NeuronetesConfig} with {@code values} over the defaults. */
    public static NeuronetesConfig load(Map<String, String> values) {
        return build(values).getConfigMapping(NeuronetesConfig.class);
    }

    /** {@link KubernetesSettings} with {@code values} over the defaults. */
    public static KubernetesSettings loadKubernetes(Map<String, String> values) {
        return build(values).getConfigMapping(KubernetesSettings.class);
    }

    private static SmallRyeConfig build(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(NeuronetesConfig.class)
                .withMapping(KubernetesSettings.class)
                // Quarkus registers this converter at run time ("10s", "5m", ISO-8601); plain SmallRye does not.
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new io.smallrye.config.PropertiesConfigSource(values, "test", 500))
                .build();
    }
}
