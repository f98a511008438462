package io.neuronetes.service.testsupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The clock of {@code @QuarkusTest}s: it starts at {@code test.clock.start} (default Monday 2024-03-04 12:00 UTC)
 * when the application starts and advances in real time, so that scheduled runs still come due while what the
 * service sees (the replayed demo trace, schedules) does not depend on today's date. {@code test.clock.start=system}
 * keeps the system clock (tests against a Prometheus backfilled near the present).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock {

    @Produces
    @Singleton
    Clock clock(@ConfigProperty(name = "test.clock.start", defaultValue = "2024-03-04T12:00:00Z") String start) {
        Clock system = Clock.systemUTC();
        if (start.equals("system")) {
            return system;
        }
        return Clock.offset(system, Duration.between(system.instant(), Instant.parse(start)));
    }
}
