package io.neuronetes.service.testsupport;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.io.TraceCsv;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The shared public traces, sliced and shifted in time for tests. Read through the relative path, never copied. */
public final class Traces {

    /** The NASA per-minute trace, from the service module directory (Surefire's working directory). */
    public static final Path NASA = Path.of("../../shared/traces/nasa-http/NASA_access_log_per_minute.csv");

    private Traces() {
    }

    /** The last {@code days} whole days of the NASA trace (ending 1995-09-01 00:00, no gaps in the last 27 days). */
    public static TimeSeries nasaLastDays(int days) {
        TimeSeries all = TraceCsv.read(NASA, "timestamp", "requests", "missing").series();
        int end = all.indexOf(Instant.parse("1995-09-01T00:00:00Z"));
        return all.slice(end - days * 1440, end);
    }

    /**
     * {@code series} moved by whole days so that it ends (its {@link TimeSeries#end()}) at the first midnight UTC
     * at least {@code ahead} after {@code now}: time of day is kept, and the data covers the near future so that
     * instant queries at the present find samples during the test.
     */
    public static TimeSeries endingAfter(TimeSeries series, Instant now, Duration ahead) {
        Instant target = now.plus(ahead).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        Duration shift = Duration.between(series.end(), target);
        return TimeSeries.of(series.start().plus(shift), series.step(), series.values());
    }
}
