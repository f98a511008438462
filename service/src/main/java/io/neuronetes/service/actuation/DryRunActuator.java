package io.neuronetes.service.actuation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default actuator: records every command as the pool's simulated workload and changes nothing. The decision
 * log and {@code /metrics} export what it would have done. A simulated workload is ready at once (there is no cold
 * start to observe), so the next run sees the recorded counts as current and ready.
 */
@ApplicationScoped
public class DryRunActuator implements Actuator {

    /** The recorded state of one pool's simulated workload. */
    private record Simulated(int replicas, int warm) {
    }

    private final Map<String, Simulated> workloads = new ConcurrentHashMap<>();

    @Override
    public String mode() {
        return "dry-run";
    }

    @Override
    public WorkloadObservation observe(String pool, WorkloadRef target) {
        Simulated s = workloads.get(Objects.requireNonNull(pool, "pool"));
        if (s == null) {
            return WorkloadObservation.unknown("dry-run: no decision recorded yet");
        }
        return WorkloadObservation.observed(s.replicas(), s.replicas(), s.warm());
    }

    @Override
    public ActuationOutcome apply(ScaleCommand command) {
        workloads.put(command.pool(), new Simulated(command.replicas(), command.warmReplicas()));
        return ActuationOutcome.recorded(command.replicas());
    }

    @Override
    public void forget(String pool) {
        workloads.remove(pool);
    }
}
