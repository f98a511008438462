package io.neuronetes.scheduler.spec;

/** What happens to the replicas of an interrupted spot instance. */
public enum InterruptionAction implements YamlEnum {
    MIGRATE_TO_ON_DEMAND("migrate-to-on-demand"),
    DRAIN("drain");

    private final String yamlName;

    InterruptionAction(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
