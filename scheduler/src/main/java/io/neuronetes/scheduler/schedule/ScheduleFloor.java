package io.neuronetes.scheduler.schedule;

import com.cronutils.model.time.ExecutionTime;
import io.neuronetes.scheduler.spec.CronSyntax;
import io.neuronetes.scheduler.spec.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor set by a pool's schedules: the replicas of the schedule whose cron fired most recently, at or before
 * the given instant. Crons are five-field UNIX expressions evaluated in the pool's time zone with cron-utils, so a
 * firing at 08:00 local time moves with daylight saving time. Two schedules firing at the same instant: the
 * larger floor wins.
 *
 * <p>Daylight saving time: a firing whose local time does not exist (skipped by a spring-forward change) fires at
 * the end of the gap, as the classic cron daemon does; cron-utils alone would skip it for the day, leaving the
 * previous floor in force for a day. A local time that occurs twice (fall-back) fires at both occurrences, which
 * only matters when two schedules fire within the repeated hour. Immutable and thread-safe.
 */
public final class ScheduleFloor {

    /** How far back a transition is looked for when a cron has no earlier firing at all. */
    private static final Duration MAX_LOOKBACK = Duration.ofDays(366);
    private static final ConcurrentHashMap<Key, ScheduleFloor> CACHE = new ConcurrentHashMap<>();

    private record Key(List<Schedule> schedules, ZoneId zone) {
    }

    private record Compiled(Schedule schedule, ExecutionTime time) {
    }

    private final List<Compiled> compiled;
    private final ZoneId zone;

    private ScheduleFloor(List<Schedule> schedules, ZoneId zone) {
        List<Compiled> c = new ArrayList<>();
        for (Schedule s : schedules) {
            c.add(new Compiled(s, ExecutionTime.forCron(CronSyntax.parse(s.cron()))));
        }
        this.compiled = List.copyOf(c);
        this.zone = zone;
    }

    /**
     * The floor of {@code schedules} in {@code zone}; compiled once per distinct pair.
     *
     * @throws IllegalArgumentException for an invalid cron (validated specs never have one)
     */
    public static ScheduleFloor of(List<Schedule> schedules, ZoneId zone) {
        Key key = new Key(List.copyOf(schedules), zone);
        ScheduleFloor f = CACHE.get(key);
        if (f == null) {
            f = new ScheduleFloor(key.schedules(), zone);
            if (CACHE.size() < 10_000) {
                CACHE.put(key, f);
            }
        }
        return f;
    }

    /** The schedule that fired most recently at or before {@code now}, if any schedule has ever fired. */
    public Optional<ActiveSchedule> at(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ActiveSchedule best = null;
        for (Compiled c : compiled) {
            Optional<ZonedDateTime> fired = lastFiring(c.time(), local);
            if (fired.isPresent()) {
                Instant at = fired.get().toInstant();
                if (best == null || at.isAfter(best.firedAt())
                        || (at.equals(best.firedAt()) && c.schedule().replicas() > best.replicas())) {
                    best = new ActiveSchedule(c.schedule().name(), c.schedule().replicas(), at);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The schedule in force at {@code now} and until when it holds for sure: the next firing of any cron or the
     * next time-zone transition (a gap may fire a skipped minute), whichever comes first; null if neither.
     */
    public record Window(ActiveSchedule active, Instant until) {
    }

    /** The floor at {@code now} and how long it holds. */
    public Window window(Instant now) {
        Instant until = nextChange(now).orElse(null);
        ZoneOffsetTransition t = zone.getRules().nextTransition(now);
        if (t != null && (until == null || t.getInstant().isBefore(until))) {
            until = t.getInstant();
        }
        return new Window(at(now).orElse(null), until);
    }

    /** The next instant after {@code now} at which any schedule fires, if any. */
    public Optional<Instant> nextChange(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        Instant next = null;
        for (Compiled c : compiled) {
            Optional<ZonedDateTime> n = c.time().nextExecution(local);
            if (n.isPresent() && (next == null || n.get().toInstant().isBefore(next))) {
                next = n.get().toInstant();
            }
        }
        return Optional.ofNullable(next);
    }

    public boolean isEmpty() {
        return compiled.isEmpty();
    }

    private Optional<ZonedDateTime> lastFiring(ExecutionTime time, ZonedDateTime now) {
        // cron-utils' lastExecution is strictly before its argument; a cron matching this very minute has fired
        // already at the minute's start.
        ZonedDateTime minute = now.truncatedTo(ChronoUnit.MINUTES);
        Optional<ZonedDateTime> last = time.isMatch(minute) ? Optional.of(minute) : time.lastExecution(now);
        Instant since = last.map(ZonedDateTime::toInstant).orElse(now.toInstant().minus(MAX_LOOKBACK));
        Optional<Instant> gap = firingInGap(time, since, now.toInstant());
        return gap.isPresent() ? Optional.of(gap.get().atZone(zone)) : last;
    }

    /** The end of the latest spring-forward gap in (since, now] that skipped a firing of {@code time}. */
    private Optional<Instant> firingInGap(ExecutionTime time, Instant since, Instant now) {
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition t = rules.previousTransition(now.plusNanos(1));
        while (t != null && t.getInstant().isAfter(since)) {
            if (t.isGap()) {
                LocalDateTime skipped = t.getDateTimeBefore();
                for (; skipped.isBefore(t.getDateTimeAfter()); skipped = skipped.plusMinutes(1)) {
                    if (time.isMatch(ZonedDateTime.of(skipped, t.getOffsetBefore()))) {
                        return Optional.of(t.getInstant());
                    }
                }
            }
            t = rules.previousTransition(t.getInstant());
        }
        return Optional.empty();
    }
}
