package io.neuronetes.scheduler.spec;

import java.time.Duration;

/**
 * {@code autoscaling.replenishStrategy}: how the warm pool refills after warm replicas start serving.
 *
 * @param delay     wait this long after an activation before starting replacements (default 30s)
 * @param batchSize start at most this many replacements per decision, &gt;= 1 (default 2)
 */
public record ReplenishStrategy(Duration delay, int batchSize) {

    public static ReplenishStrategy defaults() {
        return new ReplenishStrategy(Duration.ofSeconds(30), 2);
    }
}
