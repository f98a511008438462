package io.neuronetes.scheduler.spec;

/**
 * One entry of {@code predictive.schedules}: from each time {@code cron} fires until another schedule fires, the
 * pool keeps at least {@code replicas}.
 *
 * @param name     unique within the pool
 * @param cron     five-field UNIX cron (minute hour day-of-month month day-of-week) in the pool's time zone
 * @param replicas the floor, 0..maxReplicas
 */
public record Schedule(String name, String cron, int replicas) {
}
