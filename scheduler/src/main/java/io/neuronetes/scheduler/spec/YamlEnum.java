package io.neuronetes.scheduler.spec;

/** An enum constant spelled in YAML as {@link #yamlName()} (for example {@code tokens-in-queue}). */
public interface YamlEnum {

    /** The spelling in YAML documents. */
    String yamlName();
}
