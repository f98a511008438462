package io.neuronetes.forecast;

/** The predictive distribution of one forecast step, as a quantile function. */
@FunctionalInterface
public interface StepDistribution {

    /**
     * The value below which the actual falls with probability {@code q}.
     *
     * @param q a probability in (0, 1)
     * @throws IllegalArgumentException for q outside (0, 1)
     */
    double quantile(double q);
}
