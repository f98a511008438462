package io.neuronetes.scheduler.spec;

/**
 * {@code spec.queueConfig} of a queue ToolBinding.
 *
 * @param provider         nats or kafka
 * @param queueName        the queue (subject or topic)
 * @param autoscaleOnLag   add replicas when the queue lags (default false)
 * @param maxLagThreshold  lag only counts above this many queued messages, &gt;= 0 (default 0)
 * @param prefetchCount    messages one replica holds at once, &gt;= 1 (default 1)
 * @param targetThroughput messages per second one replica should process, &gt; 0 (not in the guide, which uses
 *                         it in its formula; default 1)
 */
public record QueueConfig(QueueProvider provider, String queueName, boolean autoscaleOnLag, int maxLagThreshold,
        int prefetchCount, double targetThroughput) {
}
