package io.neuronetes.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The retrain rounds, scheduled by {@link Training} at start-up, on the configured cron in the server's zone. */
@QuarkusTest
class RetrainScheduleTest {

    @Inject
    Scheduler scheduler;

    @Test
    void retrainRoundsRunOnTheDefaultCronDailyAtThree() {
        Trigger rounds = scheduler.getScheduledJob("retrain-all");
        assertThat(rounds).as("the retrain-all job").isNotNull();
        assertThat(rounds.getNextFireTime().atZone(ZoneId.systemDefault()).toLocalTime())
                .isEqualTo(LocalTime.of(3, 0)); // neuronetes.retrain.cron = 0 0 3 * * ?
    }
}
