package io.neuronetes.scheduler.spec;

import java.util.List;

/**
 * {@code autoscaling.costConstraints}.
 *
 * @param maxCostPerHour     cap on the hourly cost of all provisioned replicas; {@code null} = none
 * @param dailyBudget        the budget per calendar day in the pool's time zone; {@code null} = none
 * @param onBudgetExceeded   actions once the day's spend reaches the budget (default none)
 * @param optimization       spot and model-selection preferences
 * @param costPerReplicaHour the on-demand price of one replica-hour (not in the guide; default 0 = unknown,
 *                           required &gt; 0 when a cap or budget is set)
 */
public record CostConstraints(Double maxCostPerHour, Double dailyBudget, List<BudgetAction> onBudgetExceeded,
        Optimization optimization, double costPerReplicaHour) {

    public CostConstraints {
        onBudgetExceeded = List.copyOf(onBudgetExceeded);
    }

    public static CostConstraints defaults() {
        return new CostConstraints(null, null, List.of(), Optimization.defaults(), 0);
    }
}
