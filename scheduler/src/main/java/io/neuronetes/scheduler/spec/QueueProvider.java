package io.neuronetes.scheduler.spec;

/** The message broker of a queue ToolBinding. */
public enum QueueProvider implements YamlEnum {
    NATS("nats"),
    KAFKA("kafka");

    private final String yamlName;

    QueueProvider(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
