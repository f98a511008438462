package io.neuronetes.scheduler.spec;

/**
 * A ToolBinding ({@code neuronetes.io/v1alpha1}) of {@code type: queue}: the parts the scaler reads.
 *
 * @param type        the binding type; only {@code queue} bindings are parsed by the scaler
 * @param queueConfig the queue settings
 */
public record ToolBinding(String name, String namespace, String type, QueueConfig queueConfig) {
}
