package io.neuronetes.scheduler.spec;

/** An AgentClass ({@code neuronetes.io/v1alpha1}): the parts the scaler reads, its name and SLO. */
public record AgentClass(String name, String namespace, Slo slo) {
}
