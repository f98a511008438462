package io.neuronetes.scheduler.spec;

/**
 * {@code sloTarget.breachResponse}.
 *
 * @param scaleUpImmediately on a breach, add replicas at once, bypassing stabilization, rate limits and cooldown
 *                           (default true)
 * @param maxScaleUp         the most replicas such an immediate scale-up adds; {@code null} = up to maxReplicas
 */
public record BreachResponse(boolean scaleUpImmediately, Integer maxScaleUp) {

    public static BreachResponse defaults() {
        return new BreachResponse(true, null);
    }
}
