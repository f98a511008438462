package io.neuronetes.scheduler.spec;

import java.time.Duration;
import java.time.ZoneId;

/**
 * An AgentPool ({@code neuronetes.io/v1alpha1}): {@code metadata.name}, {@code metadata.namespace} and the fields
 * of {@code spec}. Component names equal the YAML field names. Built by {@link AgentPoolParser}, which fills every
 * default; see docs/agentpool-reference.md.
 *
 * @param name                pool name (metadata.name), a DNS-1123 label
 * @param namespace           metadata.namespace (default "default")
 * @param minReplicas         the least provisioned replicas, &gt;= 0 (default 1)
 * @param maxReplicas         the most provisioned replicas, warm ones included, &gt;= max(1, minReplicas)
 *                            (default 10)
 * @param prewarmPercent      percent of maxReplicas kept warm, 0..100 (default 0)
 * @param autoscaling         the scaling configuration
 * @param targetRef           the scaled workload (not in the guide)
 * @param coldStart           time from starting a replica to it serving; the planner's lead time (not in the
 *                            guide; default 5m)
 * @param timeZone            zone of schedules and of the daily budget's day (not in the guide; default UTC)
 * @param agentClassRef       name of the AgentClass whose SLO applies (not in the guide; optional)
 * @param slo                 the SLO in force: inline {@code spec.slo}, or the referenced class's once resolved,
 *                            else defaults (availability 99.5)
 * @param toolBindingRef      name of a queue ToolBinding whose lag adds replicas (not in the guide; optional)
 */
public record AgentPool(String name, String namespace, int minReplicas, int maxReplicas, double prewarmPercent,
        Autoscaling autoscaling, TargetRef targetRef, Duration coldStart, ZoneId timeZone, String agentClassRef,
        Slo slo, String toolBindingRef) {

    public static final int DEFAULT_MIN_REPLICAS = 1;
    public static final int DEFAULT_MAX_REPLICAS = 10;
    public static final Duration DEFAULT_COLD_START = Duration.ofMinutes(5);

    /** The number of replicas kept warm: {@code floor(prewarmPercent% of maxReplicas)}, 0 without a warm pool. */
    public int warmTarget() {
        if (!autoscaling.useWarmPool()) {
            return 0;
        }
        return (int) Math.floor(prewarmPercent * maxReplicas / 100.0 + 1e-9);
    }

    /** This pool with {@code slo} in force (for example the resolved AgentClass's). */
    public AgentPool withSlo(Slo newSlo) {
        return new AgentPool(name, namespace, minReplicas, maxReplicas, prewarmPercent, autoscaling, targetRef,
                coldStart, timeZone, agentClassRef, newSlo, toolBindingRef);
    }

    /** This pool with other autoscaling settings. */
    public AgentPool withAutoscaling(Autoscaling newAutoscaling) {
        return new AgentPool(name, namespace, minReplicas, maxReplicas, prewarmPercent, newAutoscaling, targetRef,
                coldStart, timeZone, agentClassRef, slo, toolBindingRef);
    }
}
