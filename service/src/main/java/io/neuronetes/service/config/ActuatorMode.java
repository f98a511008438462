package io.neuronetes.service.config;

/** The values of {@code neuronetes.actuator.mode}. Written in configuration as {@code dry-run} or {@code kubernetes}. */
public enum ActuatorMode {
    /** Decisions are recorded and exported; nothing is changed. The default. */
    DRY_RUN("dry-run"),
    /** Decisions scale the pools' workloads through the Kubernetes API. */
    KUBERNETES("kubernetes");

    private final String key;

    ActuatorMode(String key) {
        this.key = key;
    }

    /** The name as written in configuration and returned by {@code Actuator.mode()}. */
    public String key() {
        return key;
    }
}
