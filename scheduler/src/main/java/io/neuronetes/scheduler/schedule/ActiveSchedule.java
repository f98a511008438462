package io.neuronetes.scheduler.schedule;

import java.time.Instant;

/**
 * The schedule whose cron fired most recently, which sets the floor.
 *
 * @param name     the schedule's name
 * @param replicas the floor
 * @param firedAt  when its cron last fired, at or before the decision time
 */
public record ActiveSchedule(String name, int replicas, Instant firedAt) {
}
