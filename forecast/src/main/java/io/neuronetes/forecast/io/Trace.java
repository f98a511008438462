package io.neuronetes.forecast.io;

import io.neuronetes.forecast.TimeSeries;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A trace read from a CSV file: its series on the regular grid (gaps NaN) and how the file wrote its times.
 *
 * @param file the file it was read from
 * @param series the values on the grid from the first to the last row of the file
 * @param epochSeconds true if the file wrote times as whole seconds since 1970-01-01 UTC, false for datetime strings
 */
public record Trace(Path file, TimeSeries series, boolean epochSeconds) {

    private static final DateTimeFormatter ISO_LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    public Trace {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(series, "series");
    }

    /**
     * Writes {@code t} in the trace's own format: integer seconds for a seconds-based trace, else ISO-8601
     * {@code yyyy-MM-dd'T'HH:mm:ss} without an offset (naive times were read as UTC, so this gives back the
     * file's own clock).
     */
    public String format(Instant t) {
        if (epochSeconds) {
            return Long.toString(t.getEpochSecond());
        }
        return ISO_LOCAL.format(t);
    }
}
