package io.neuronetes.scheduler.spec;

/** How the per-metric replica counts are combined: the largest, the smallest or their mean. */
public enum Strategy implements YamlEnum {
    MAX("max"),
    MIN("min"),
    AVERAGE("average");

    private final String yamlName;

    Strategy(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
