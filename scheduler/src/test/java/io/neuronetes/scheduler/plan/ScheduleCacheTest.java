package io.neuronetes.scheduler.plan;

import static io.neuronetes.scheduler.plan.Fixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.scheduler.spec.AgentPool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule floor carried in the state must change exactly when a cron fires, DST gaps included. */
class ScheduleCacheTest {

    private static final AgentPool GUIDE = pool("timeZone", "Europe/Berlin", "autoscaling.predictive.schedules",
            List.of(Map.of("name", "business-hours", "cron", "0 8 * * 1-5", "replicas", 20),
                    Map.of("name", "off-hours", "cron", "0 18 * * *", "replicas", 5)));
    private static final AgentPool EARLY = pool("timeZone", "Europe/Berlin", "autoscaling.predictive.schedules",
            List.of(Map.of("name", "early", "cron", "30 2 * * *", "replicas", 14),
                    Map.of("name", "evening", "cron", "0 20 * * *", "replicas", 2)));

    @Test
    void theFloorFollowsEveryFiringMinuteByMinute() {
        // Wed 2024-06-12 from 07:55 to 08:05 CEST and Thu 17:55 to 18:05 CEST
        assertThat(floors(GUIDE, Instant.parse("2024-06-12T05:55:00Z"), 11))
                .containsExactly(5, 5, 5, 5, 5, 20, 20, 20, 20, 20, 20);
        assertThat(floors(GUIDE, Instant.parse("2024-06-13T15:55:00Z"), 11))
                .containsExactly(20, 20, 20, 20, 20, 5, 5, 5, 5, 5, 5);
    }

    @Test
    void aFiringSkippedBySpringForwardHappensAtTheEndOfTheGap() {
        // 2024-03-31 01:58 CET .. 03:02 CEST: 02:30 does not exist, the floor changes at 03:00 CEST (01:00 UTC)
        assertThat(floors(EARLY, Instant.parse("2024-03-31T00:58:00Z"), 5)).containsExactly(2, 2, 14, 14, 14);
    }

    private static List<Integer> floors(AgentPool pool, Instant from, int minutes) {
        PoolState s = PoolState.initial(1, 0);
        Integer[] out = new Integer[minutes];
        for (int i = 0; i < minutes; i++) {
            Decision d = Planner.plan(s, Signals.none(), null, pool, from.plus(Duration.ofMinutes(i)));
            out[i] = d.inputs().scheduleFloor();
            s = d.state();
        }
        return List.of(out);
    }
}
