package io.neuronetes.scheduler.spec;

/**
 * {@code costConstraints.optimization}.
 *
 * @param preferSpot            place replicas on spot instances when the spot strategy allows (default false)
 * @param spotMaxPrice          the most to pay per spot replica-hour; {@code null} = no limit. Also the price the
 *                              planner charges for a spot replica-hour.
 * @param dynamicModelSelection smaller model once part of the budget is spent
 */
public record Optimization(boolean preferSpot, Double spotMaxPrice, DynamicModelSelection dynamicModelSelection) {

    public static Optimization defaults() {
        return new Optimization(false, null, DynamicModelSelection.defaults());
    }
}
