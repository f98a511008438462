package io.neuronetes.service.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Stops start-up when {@link ConfigCheck} finds a problem, naming every bad key at once. */
@ApplicationScoped
public class ConfigValidator {

    void onStart(@Observes @Priority(1) StartupEvent event, NeuronetesConfig config) {
        List<String> problems = ConfigCheck.problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid configuration:\n  " + String.join("\n  ", problems));
        }
    }
}
