package io.neuronetes.scheduler.metrics;

import io.neuronetes.scheduler.spec.QueueConfig;

/**
 * The guide's queue-lag formula for queue ToolBindings:
 * {@code additional = ceil((queue_depth - replicas * prefetch) / (prefetch * target_throughput))}.
 */
public final class QueueLag {

    private QueueLag() {
    }

    /**
     * The replicas to add for a queue's lag: 0 unless {@code autoscaleOnLag} is on and the depth exceeds
     * {@code maxLagThreshold}; never negative.
     *
     * @param depth    messages waiting, &gt;= 0
     * @param replicas ready replicas consuming the queue
     */
    public static int additionalReplicas(QueueConfig config, double depth, int replicas) {
        if (!config.autoscaleOnLag() || !(depth > config.maxLagThreshold())) {
            return 0;
        }
        double prefetch = config.prefetchCount();
        double extra = (depth - replicas * prefetch) / (prefetch * config.targetThroughput());
        return (int) Math.max(0, Math.ceil(extra - 1e-9));
    }
}
