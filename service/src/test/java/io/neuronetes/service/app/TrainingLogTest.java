package io.neuronetes.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.service.models.RetrainOutcome;
import io.neuronetes.service.testsupport.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log line of a retrain job: NeuronetesTrainingFailures sends the operator to the service log for the cause, so a
 * failed retrain is a warning that a search for warnings finds; the other outcomes are information.
 */
class TrainingLogTest {

    static final Instant AT = Instant.parse("2024-03-01T03:00:00Z");

    final LogCapture capture = new LogCapture();
    final List<LogRecord> logged = capture.records();
    final Logger log = Logger.getLogger(Training.class.getName());

    @BeforeEach
    void setUp() {
        log.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        log.removeHandler(capture);
    }

    @Test
    void aFailedRetrainIsAWarningNamingThePoolAndTheCause() {
        Training.log("chat", RetrainOutcome.failed(AT, Duration.ofSeconds(2),
                "store: cannot save the model of chat/concurrent-sessions in models/chat/concurrent-sessions: "
                        + "Read-only file system"));
        assertThat(logged).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).isEqualTo("retrain of chat: failed: store: cannot save the model of "
                    + "chat/concurrent-sessions in models/chat/concurrent-sessions: Read-only file system");
        });
    }

    @Test
    void aRetrainThatLeavesAModelServingIsInformation() {
        Training.log("chat", new RetrainOutcome(RetrainOutcome.Status.TRAINED, AT, Duration.ofSeconds(9),
                "version v000002: FOREST"));
        Training.log("chat", new RetrainOutcome(RetrainOutcome.Status.KEPT_PREVIOUS, AT, Duration.ofSeconds(9),
                "FOREST; the serving model v000001 did better on the same day: kept"));
        assertThat(logged).extracting(LogRecord::getLevel).containsExactly(Level.INFO, Level.INFO);
    }
}
