package io.neuronetes.service.actuation;

/**
 * Applies scaling decisions to pools' workloads. One class per mode: {@code DryRunActuator} (the default: records
 * commands, changes nothing) and the Kubernetes actuator (the scale subresource of the target workload, warm
 * replicas by pod label, AgentPool status and events).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #apply} and {@link #observe} never throw for expected failures (API errors, conflicts, missing
 *   workloads, timeouts, not being the leader): they return a {@code FAILED} or {@code SKIPPED} value whose message
 *   names the cause. Only programming errors (a null argument) throw;</li>
 *   <li>calls for one pool are never concurrent (the scheduler runs each pool's runs one at a time); calls for
 *   different pools may be, so implementations are thread-safe;</li>
 *   <li>{@link #apply} is idempotent: applying the same command twice leaves the workload as applying it once;</li>
 *   <li>{@link #forget} is called when a pool is deleted, so that per-pool state does not leak.</li>
 * </ul>
 */
public interface Actuator {

    /** The configured mode's name, as in {@code neuronetes.actuator.mode}: {@code dry-run} or {@code kubernetes}. */
    String mode();

    /** Reads the current replica counts of the pool's workload. */
    WorkloadObservation observe(String pool, WorkloadRef target);

    /** Makes the workload match {@code command}. */
    ActuationOutcome apply(ScaleCommand command);

    /**
     * Why this replica may not act on the cluster now (another replica leads, or who leads is not known), or empty
     * when it may. Requests that only the acting replica carries out (overrides, retrains) are refused while it
     * stands by, so that they are not kept where nothing acts on them.
     */
    default java.util.Optional<String> standingBy() {
        return java.util.Optional.empty();
    }

    /** Drops any state kept for {@code pool}. */
    default void forget(String pool) {
    }

    /**
     * Reports the documents that are not served where they came from, when that can hold a report: the Kubernetes
     * actuator writes on each AgentPool that nothing serves (its spec refused and no valid one known) a status saying
     * so, and records the refusal as an event. Called with every problem of the registry (problems of documents that
     * are served at an earlier version, and of other kinds or sources, are left alone) on the runs' schedule; only
     * the replica that acts on the cluster writes. Never throws for expected failures: they are logged and the next
     * call tries again. The default does nothing.
     */
    default void notServed(java.util.List<io.neuronetes.service.pools.PoolProblem> problems, java.time.Instant now) {
    }
}
