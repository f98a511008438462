package io.neuronetes.scheduler.spec;

/**
 * {@code optimization.dynamicModelSelection}: switch to a smaller model once {@code costThreshold} of the daily
 * budget is spent.
 *
 * @param enabled       default false
 * @param costThreshold fraction of the daily budget, in (0, 1] (default 0.5)
 */
public record DynamicModelSelection(boolean enabled, double costThreshold) {

    public static DynamicModelSelection defaults() {
        return new DynamicModelSelection(false, 0.5);
    }
}
