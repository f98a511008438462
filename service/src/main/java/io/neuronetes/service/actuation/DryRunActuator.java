package io.neuronetes.service.actuation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default actuator: records every command as the pool's simulated workload and changes nothing. The decision
 * log and {@code /metrics} export what it would have done. {@link #observe} reports nothing observed, so that the
 * planner's own simulation of the workload (replicas starting for their cold start, then ready) is the truth in
 * dry-run; {@link #lastCommand} tells what was recorded.
 */
@ApplicationScoped
public class DryRunActuator implements Actuator {

    private final Map<String, ScaleCommand> recorded = new ConcurrentHashMap<>();

    @Override
    public String mode() {
        return "dry-run";
    }

    @Override
    public WorkloadObservation observe(String pool, WorkloadRef target) {
        Objects.requireNonNull(pool, "pool");
        return WorkloadObservation.unknown("dry-run: the planner's own count of the simulated workload is used");
    }

    /** The last command recorded for {@code pool}, if any. */
    public java.util.Optional<ScaleCommand> lastCommand(String pool) {
        return java.util.Optional.ofNullable(recorded.get(pool));
    }

    @Override
    public ActuationOutcome apply(ScaleCommand command) {
        recorded.put(command.pool(), command);
        return ActuationOutcome.recorded(command.replicas());
    }

    @Override
    public void forget(String pool) {
        recorded.remove(pool);
    }
}
