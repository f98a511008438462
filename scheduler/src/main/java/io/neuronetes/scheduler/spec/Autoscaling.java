package io.neuronetes.scheduler.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code spec.autoscaling}: every block is present after parsing, filled with its defaults when the YAML omits
 * it.
 *
 * @param metrics            live metrics (default none: the pool then follows forecasts and schedules only)
 * @param strategy           how per-metric counts are combined (default max)
 * @param behavior           rate limits and stabilization per direction
 * @param cooldownPeriod     the least time between two scaling operations (default 0s); an SLO breach bypasses it
 * @param useWarmPool        serve scale-ups from warm replicas (default true); false disables the warm pool
 * @param replenishStrategy  how the warm pool refills
 * @param predictive         forecasts and schedules
 * @param sloTarget          SLO headroom, breach response and scale-down safety
 * @param costConstraints    cost cap, daily budget, spot and model preferences
 * @param spotStrategy       spot share and interruption handling
 * @param externalMetrics    additive metrics from outside sources (default none)
 */
public record Autoscaling(List<MetricSpec> metrics, Strategy strategy, Behavior behavior, Duration cooldownPeriod,
        boolean useWarmPool, ReplenishStrategy replenishStrategy, Predictive predictive, SloTarget sloTarget,
        CostConstraints costConstraints, SpotStrategy spotStrategy, List<ExternalMetric> externalMetrics) {

    public Autoscaling {
        metrics = List.copyOf(metrics);
        externalMetrics = List.copyOf(externalMetrics);
    }

    /**
     * The pool's load metric: the first additive metric of {@code metrics}, the one forecasts are made of and whose
     * {@code target} is one replica's capacity for the predicted count; empty when there is none.
     */
    public Optional<MetricSpec> loadMetric() {
        return metrics.stream().filter(m -> m.type().additive()).findFirst();
    }

    public static Autoscaling defaults() {
        return new Autoscaling(List.of(), Strategy.MAX, Behavior.defaults(), Duration.ZERO, true,
                ReplenishStrategy.defaults(), Predictive.defaults(), SloTarget.defaults(), CostConstraints.defaults(),
                SpotStrategy.defaults(), List.of());
    }
}
