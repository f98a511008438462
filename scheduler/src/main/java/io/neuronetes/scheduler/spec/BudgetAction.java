package io.neuronetes.scheduler.spec;

/** What the planner does when the daily budget is spent (`onBudgetExceeded`). */
public enum BudgetAction implements YamlEnum {
    SCALE_TO_MIN("scale-to-min"),
    USE_FALLBACK_MODEL("use-fallback-model"),
    ENABLE_SPOT("enable-spot");

    private final String yamlName;

    BudgetAction(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
