package io.neuronetes.forecast.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.TimeSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TraceCsvTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, text);
        return f;
    }

    static Stream<Arguments> badTraces() {
        return Stream.of(
                Arguments.of("missing value column", "time,other\n0,1\n60,2\n120,3\n",
                        ":1: column 'v': no such column; found time, other"),
                Arguments.of("non-numeric value", "time,v\n0,1\n60,abc\n120,3\n",
                        ":3: column 'v': not a number: \"abc\""),
                Arguments.of("nan is not a number", "time,v\n0,1\n60,nan\n120,3\n",
                        ":3: column 'v': not a number: \"nan\""),
                Arguments.of("unparsable time", "time,v\n2020-01-01 00:00,1\n2020-01-01 00:01,2\nyesterday,3\n",
                        ":4: column 'time': not a time: \"yesterday\""),
                Arguments.of("impossible date", "time,v\n2020-01-01 00:00,1\n2020-02-30 00:01,2\n2020-01-01 00:02,3\n",
                        ":3: column 'time': not a valid time: \"2020-02-30 00:01\""),
                Arguments.of("mixed numeric and datetime", "time,v\n0,1\n2020-01-01 00:01,2\n120,3\n",
                        ":3: column 'time': mixes numeric and datetime times: \"2020-01-01 00:01\""),
                Arguments.of("fractional seconds", "time,v\n0,1\n60.5,2\n120,3\n",
                        ":3: column 'time': numeric times must be whole seconds: \"60.5\""),
                Arguments.of("empty time", "time,v\n0,1\n,2\n120,3\n", ":3: column 'time': empty time"),
                Arguments.of("duplicate time", "time,v\n0,1\n60,2\n0,3\n120,4\n",
                        ":4: column 'time': duplicate time 1970-01-01T00:00:00Z, first at line 2"),
                Arguments.of("step does not divide a day", "time,v\n0,1\n7,2\n14,3\n",
                        ": column 'time': inferred step 7 s does not divide a day"),
                Arguments.of("time off the grid", "time,v\n0,1\n60,2\n120,3\n150,4\n240,5\n",
                        ":5: column 'time': time 1970-01-01T00:02:30Z is off the 60 s grid"),
                Arguments.of("missing flag not 0/1", "time,v,m\n0,1,0\n60,2,2\n120,3,0\n",
                        ":3: column 'm': must be 0 or 1, got \"2\""),
                Arguments.of("missing flag empty", "time,v,m\n0,1,0\n60,2,\n120,3,0\n",
                        ":3: column 'm': must be 0 or 1, got \"\""),
                Arguments.of("missing flag column absent", "time,v\n0,1\n60,2\n120,3\n",
                        ":1: column 'm': no such column"),
                Arguments.of("ragged row", "time,v\n0,1\n60\n120,3\n",
                        ":3: expected 2 fields as in the header, found 1"),
                Arguments.of("too few rows", "time,v\n0,1\n60,2\n", ": need at least 3 data rows, found 2"),
                Arguments.of("no header", "", ":1: no header row"),
                Arguments.of("all gaps", "time,v\n0,\n60,\n120,\n", ": no observed values"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTraces")
    void badInputNamesFileLineAndColumn(String name, String text, String expected) throws IOException {
        Path f = write(text);
        String missingCol = text.startsWith("time,v,m") || name.equals("missing flag column absent") ? "m" : null;
        assertThatThrownBy(() -> TraceCsv.read(f, "time", "v", missingCol))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    static Stream<Arguments> unreadableFiles() {
        // not by permissions: the tests run as root, who may read any file
        return Stream.of(
                Arguments.of("absent", "absent.csv", "No such file or directory"),
                Arguments.of("in an absent folder", "absent/t.csv", "No such file or directory"),
                Arguments.of("a folder", ".", "Is a directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableFiles")
    void anUnreadableFileIsNamedWithTheReason(String name, String path, String reason) {
        Path f = dir.resolve(path);
        assertThatThrownBy(() -> TraceCsv.read(f, "time", "v", null))
                .isInstanceOf(TraceFormatException.class).hasMessage(f + ": cannot read: " + reason);
    }

    @Test
    void gapsFromAbsentRowsEmptyValuesAndMissingFlag() throws IOException {
        // rows out of order; 180 absent from the file, 60 empty, 240 flagged missing
        Path f = write("time,v,m\n120,3,0\n0,1,0\n60,,0\n240,9,1\n300,6,0\n");
        Trace t = TraceCsv.read(f, "time", "v", "m");
        TimeSeries s = t.series();
        assertThat(t.epochSeconds()).isTrue();
        assertThat(s.start()).isEqualTo(Instant.EPOCH);
        assertThat(s.step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.values()).containsExactly(1, Double.NaN, 3, Double.NaN, Double.NaN, 6);
    }

    @Test
    void datetimesNaiveAsUtcAndOffsetsConverted() throws IOException {
        Path f = write("time,v\n2020-03-01 00:00,1\n2020-03-01T02:00:00+01:00,2\n2020-02-29T23:00:00Z,0\n");
        Trace t = TraceCsv.read(f, "time", "v", null);
        // 02:00+01:00 = 01:00Z; 23:00Z the day before: an hourly grid 23:00, 00:00, 01:00
        assertThat(t.series().start()).isEqualTo(Instant.parse("2020-02-29T23:00:00Z"));
        assertThat(t.series().step()).isEqualTo(Duration.ofHours(1));
        assertThat(t.series().values()).containsExactly(0, 1, 2);
        assertThat(t.epochSeconds()).isFalse();
        assertThat(t.format(Instant.parse("2020-03-01T01:00:00Z"))).isEqualTo("2020-03-01T01:00:00");
    }

    @Test
    void formatsSecondsForASecondsTrace() throws IOException {
        Trace t = TraceCsv.read(write("time,v\n0,1\n600,2\n1200,3\n"), "time", "v", null);
        assertThat(t.format(Instant.ofEpochSecond(604800))).isEqualTo("604800");
    }

    @Test
    void quotedFieldsAndExtraColumns() throws IOException {
        Trace t = TraceCsv.read(write("note,time,v\n\"a, b\",0,1\n\"x\"\"y\",60,2\nz,120,3\n"), "time", "v", null);
        assertThat(t.series().values()).containsExactly(1, 2, 3);
    }

    static Stream<Arguments> realTraces() {
        return Stream.of(
                // 1995-07-01 00:00 .. 1995-09-01 00:00 every minute: 62 days * 1440 + 1
                Arguments.of("nasa-http/NASA_access_log_per_minute.csv", "timestamp", "requests", "missing",
                        60, 62 * 1440 + 1, "1995-07-01T00:00:00Z", false),
                // 14 days every 10 minutes from 0 s: 14 * 144
                Arguments.of("servegen/m-large_10min_aggregate.csv", "timestamp", "requests", null,
                        600, 14 * 144, "1970-01-01T00:00:00Z", true),
                // 2014-07-01 .. 2015-01-31 23:30 every 30 minutes: 215 days * 48
                Arguments.of("nab/nyc_taxi.csv", "timestamp", "value", null,
                        1800, 215 * 48, "2014-07-01T00:00:00Z", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realTraces")
    void loadsTheSharedTraces(String file, String timeCol, String valueCol, String missingCol, long step, int size,
            String start, boolean seconds) {
        Trace t = TraceCsv.read(Path.of("../../shared/traces", file), timeCol, valueCol, missingCol);
        assertThat(t.series().stepSeconds()).isEqualTo(step);
        assertThat(t.series().size()).isEqualTo(size);
        assertThat(t.series().start()).isEqualTo(Instant.parse(start));
        assertThat(t.epochSeconds()).isEqualTo(seconds);
    }

    @Test
    void nasaGapsAreTheFlaggedOutages() {
        TimeSeries s = TraceCsv.read(Path.of("../../shared/traces/nasa-http/NASA_access_log_per_minute.csv"),
                "timestamp", "requests", "missing").series();
        assertThat(s.value(s.indexOf(Instant.parse("1995-07-29T00:00:00Z")))).isNaN();
        assertThat(s.value(s.indexOf(Instant.parse("1995-08-02T00:00:00Z")))).isNaN();
        assertThat(s.value(s.indexOf(Instant.parse("1995-07-01T00:00:00Z")))).isEqualTo(42);
    }
}
