package io.neuronetes.service.actuation;

import io.neuronetes.service.config.NeuronetesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the actuator whose {@link Actuator#mode()} equals {@code neuronetes.actuator.mode} among the
 * {@code @ApplicationScoped} {@link Actuator} beans. A new mode is added by adding a bean; nothing here changes.
 */
@ApplicationScoped
public class ActuatorSelection {

    @Produces
    @Active
    @ApplicationScoped
    Actuator active(Instance<Actuator> actuators, NeuronetesConfig config) {
        String wanted = config.actuator().mode().key();
        List<String> known = new ArrayList<>();
        for (Actuator a : actuators) {
            if (a.mode().equals(wanted)) {
                return a;
            }
            known.add(a.mode());
        }
        throw new IllegalStateException("neuronetes.actuator.mode: no actuator for mode '" + wanted
                + "' in this build (available: " + known + ")");
    }
}
