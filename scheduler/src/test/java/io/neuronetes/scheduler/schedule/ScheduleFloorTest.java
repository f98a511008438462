package io.neuronetes.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.scheduler.spec.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleFloorTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** The guide's two schedules. */
    private static final List<Schedule> GUIDE = List.of(new Schedule("business-hours", "0 8 * * 1-5", 20),
            new Schedule("off-hours", "0 18 * * *", 5));
    /** A night floor that starts before midnight and a day floor. */
    private static final List<Schedule> NIGHT = List.of(new Schedule("night", "0 22 * * *", 3),
            new Schedule("day", "0 6 * * *", 8));
    /** A floor change inside the hour that spring-forward skips and fall-back repeats in Berlin. */
    private static final List<Schedule> TWO_THIRTY = List.of(new Schedule("early", "30 2 * * *", 14),
            new Schedule("evening", "0 20 * * *", 2));

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, schedules, zone, now (UTC), expected schedule, fired at (UTC)
                c("weekday morning", GUIDE, BERLIN, "2024-06-12T07:00:00Z", "business-hours",
                        "2024-06-12T06:00:00Z"), // Wed 09:00 CEST; fired 08:00 CEST
                c("the firing minute itself", GUIDE, BERLIN, "2024-06-12T06:00:00Z", "business-hours",
                        "2024-06-12T06:00:00Z"),
                c("one minute before", GUIDE, BERLIN, "2024-06-12T05:59:00Z", "off-hours",
                        "2024-06-11T16:00:00Z"), // Wed 07:59: Tue 18:00 still rules
                c("saturday keeps friday evening", GUIDE, BERLIN, "2024-06-15T08:00:00Z", "off-hours",
                        "2024-06-14T16:00:00Z"), // 1-5 excludes Saturday
                c("monday after midnight", GUIDE, BERLIN, "2024-06-16T22:30:00Z", "off-hours",
                        "2024-06-16T16:00:00Z"), // Mon 00:30 CEST: Sun 18:00
                c("friday is in 1-5", GUIDE, BERLIN, "2024-06-14T06:30:00Z", "business-hours",
                        "2024-06-14T06:00:00Z"),
                c("sunday is not", GUIDE, BERLIN, "2024-06-16T06:30:00Z", "off-hours", "2024-06-15T16:00:00Z"),
                c("night before midnight", NIGHT, BERLIN, "2024-06-12T21:30:00Z", "night",
                        "2024-06-12T20:00:00Z"), // 23:30 CEST
                c("night after midnight", NIGHT, BERLIN, "2024-06-13T00:30:00Z", "night",
                        "2024-06-12T20:00:00Z"), // 02:30 CEST next day
                c("day again", NIGHT, BERLIN, "2024-06-13T04:00:00Z", "day", "2024-06-13T04:00:00Z"),
                c("08:00 CET after fall-back is 07:00 UTC", GUIDE, BERLIN, "2024-10-28T06:30:00Z", "off-hours",
                        "2024-10-27T17:00:00Z"), // Mon 07:30 CET: not yet 08:00
                c("08:00 CEST before fall-back is 06:00 UTC", GUIDE, BERLIN, "2024-10-25T06:30:00Z",
                        "business-hours", "2024-10-25T06:00:00Z"), // Fri 08:30 CEST
                c("spring-forward gap fires at its end", TWO_THIRTY, BERLIN, "2024-03-31T01:10:00Z", "early",
                        "2024-03-31T01:00:00Z"), // 02:30 does not exist; 03:00 CEST = 01:00 UTC
                c("just before the gap", TWO_THIRTY, BERLIN, "2024-03-31T00:59:00Z", "evening",
                        "2024-03-30T19:00:00Z"),
                c("day after the gap", TWO_THIRTY, BERLIN, "2024-04-01T00:45:00Z", "early",
                        "2024-04-01T00:30:00Z"), // 02:45 CEST
                c("fall-back first 02:30", TWO_THIRTY, BERLIN, "2024-10-27T00:45:00Z", "early",
                        "2024-10-27T00:30:00Z"), // 02:45 CEST
                c("fall-back second 02:30", TWO_THIRTY, BERLIN, "2024-10-27T01:45:00Z", "early",
                        "2024-10-27T01:30:00Z"), // 02:45 CET
                c("New York spring-forward", GUIDE, NEW_YORK, "2024-03-11T12:30:00Z", "business-hours",
                        "2024-03-11T12:00:00Z"), // Mon 08:00 EDT = 12:00 UTC
                c("New York before it", GUIDE, NEW_YORK, "2024-03-08T13:30:00Z", "business-hours",
                        "2024-03-08T13:00:00Z")); // Fri 08:00 EST = 13:00 UTC
    }

    private static Arguments c(String name, List<Schedule> schedules, ZoneId zone, String now, String expected,
            String firedAt) {
        return Arguments.of(name, schedules, zone, now, expected, firedAt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theMostRecentFiringSetsTheFloor(String name, List<Schedule> schedules, ZoneId zone, String now,
            String expected, String firedAt) {
        Optional<ActiveSchedule> active = ScheduleFloor.of(schedules, zone).at(Instant.parse(now));
        assertThat(active).isPresent();
        assertThat(active.get().name()).isEqualTo(expected);
        assertThat(active.get().firedAt()).isEqualTo(Instant.parse(firedAt));
        int replicas = schedules.stream().filter(s -> s.name().equals(expected)).findFirst().orElseThrow()
                .replicas();
        assertThat(active.get().replicas()).isEqualTo(replicas);
    }

    @Test
    void simultaneousFiringsTakeTheLargerFloor() {
        List<Schedule> both = List.of(new Schedule("small", "0 9 * * *", 3), new Schedule("big", "0 9 * * *", 9));
        assertThat(ScheduleFloor.of(both, ZoneId.of("UTC")).at(Instant.parse("2024-06-12T09:10:00Z")))
                .map(ActiveSchedule::name).contains("big");
    }

    @Test
    void noScheduleMeansNoFloor() {
        assertThat(ScheduleFloor.of(List.of(), BERLIN).at(Instant.parse("2024-06-12T09:10:00Z"))).isEmpty();
    }

    @Test
    void nextChangeIsTheEarliestUpcomingFiring() {
        assertThat(ScheduleFloor.of(GUIDE, BERLIN).nextChange(Instant.parse("2024-06-14T07:00:00Z")))
                .contains(Instant.parse("2024-06-14T16:00:00Z")); // Fri 18:00 CEST
    }
}
