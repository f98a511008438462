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

    /** The longest reason, asked for in {@code POST /v1/scale} and in a stored override alike. */
    public static final int MAX_REASON = 256;

    /**
     * {@code value} stripped, as the text {@code field} of an override request or a stored override: not blank, at
     * most {@code max} characters, no control characters (C0, DEL or C1).
     *
     * @param value the field's text, or null when it is absent or not a string
     * @throws IllegalArgumentException naming the field and what is wrong
     */
    public static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": expected a non-empty string"
                    + (value == null ? "" : value.isEmpty() ? ", got an empty one" : ", got only whitespace"));
        }
        String s = value.strip();
        if (s.length() > max) {
            throw new IllegalArgumentException(field + ": longer than " + max + " characters");
        }
        if (s.chars().anyMatch(Character::isISOControl)) { // C0, DEL and C1: U+0000..U+001F, U+007F..U+009F
            throw new IllegalArgumentException(field + ": control characters are not allowed");
        }
        return s;
    }

    /** Whether it holds at {@code now}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    /**
     * Whether {@code other} is this override, whatever bounds each was clamped to: the same {@code requested},
     * {@code reason}, {@code at} and {@code until}.
     */
    public boolean sameAs(ManualOverride other) {
        return requested == other.requested && reason.equals(other.reason) && at.equals(other.at)
                && until.equals(other.until);
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
