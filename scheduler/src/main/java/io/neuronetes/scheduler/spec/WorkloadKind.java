package io.neuronetes.scheduler.spec;

/** The kind of the workload whose replicas a pool scales. */
public enum WorkloadKind implements YamlEnum {
    DEPLOYMENT("Deployment"),
    STATEFUL_SET("StatefulSet");

    private final String yamlName;

    WorkloadKind(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
