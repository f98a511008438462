package io.neuronetes.service.config;

import io.neuronetes.service.kubernetes.KubernetesSettings;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stops start-up when {@link ConfigCheck} finds a problem in {@link NeuronetesConfig} or {@link KubernetesSettings},
 * naming every bad key at once. The problems are thrown as the framework's {@link ConfigurationException}, which it
 * reports the way it reports a value of the wrong type: the message alone on standard error, no stack trace, exit
 * status 1 ({@code InvalidConfigurationStartTest} holds it to that). Any other exception would be logged as "Failed
 * to start application" with some twenty lines of frames.
 */
@ApplicationScoped
public class ConfigValidator {

    void onStart(@Observes @Priority(1) StartupEvent event, NeuronetesConfig config, KubernetesSettings kubernetes) {
        List<String> problems = new ArrayList<>(ConfigCheck.problems(config));
        problems.addAll(ConfigCheck.problems(kubernetes));
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid configuration:\n  " + String.join("\n  ", problems),
                    keys(problems));
        }
    }

    /** The keys the problems name: each problem starts with its key and a colon. */
    private static Set<String> keys(List<String> problems) {
        Set<String> keys = new LinkedHashSet<>();
        for (String p : problems) {
            keys.add(p.substring(0, p.indexOf(':')));
        }
        return keys;
    }
}
