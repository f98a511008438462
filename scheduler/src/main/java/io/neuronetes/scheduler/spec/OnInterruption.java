package io.neuronetes.scheduler.spec;

import java.time.Duration;

/**
 * {@code spotStrategy.onInterruption}.
 *
 * @param action  default migrate-to-on-demand
 * @param timeout how long the replacement may take (default 30s)
 */
public record OnInterruption(InterruptionAction action, Duration timeout) {

    public static OnInterruption defaults() {
        return new OnInterruption(InterruptionAction.MIGRATE_TO_ON_DEMAND, Duration.ofSeconds(30));
    }
}
