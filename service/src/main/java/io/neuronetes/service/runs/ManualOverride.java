package io.neuronetes.service.runs;

import java.time.Instant;

/**
 * A manual override from {@code POST /v1/scale}: the pool's serving replicas are held at {@code replicas} until
 * {@code until}, then the planner resumes from that size.
 *
 * @param replicas  the serving replicas asked for, already clamped to the pool's bounds
 * @param requested the replicas as asked, before clamping
 * @param reason    the caller's reason, recorded with every decision it shapes
 * @param at        when it was accepted
 * @param until     when it lapses
 */
public record ManualOverride(int replicas, int requested, String reason, Instant at, Instant until) {

    /** Whether it holds at {@code now}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    /**
     * This override with {@code replicas} clamped to {@code min..max}: the bounds in force, which may have changed
     * since it was accepted. Does not mutate this value.
     */
    public ManualOverride clampedTo(int min, int max) {
        int clamped = Math.max(min, Math.min(max, replicas));
        return clamped == replicas ? this : new ManualOverride(clamped, requested, reason, at, until);
    }
}
