package io.neuronetes.forecast.io;

import io.neuronetes.forecast.TimeSeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a trace CSV (the format of the bench: {@code ../shared/bench/README.md}, "Trace CSV").
 *
 * <ul>
 *   <li>A header row names the columns; other columns are ignored.</li>
 *   <li>Times are all whole seconds since 1970-01-01 UTC, or all datetime strings (naive ones taken as UTC, so days
 *       run from midnight of the trace's own clock; times with an offset converted to UTC).</li>
 *   <li>Rows may come in any order; a duplicated time is an error.</li>
 *   <li>The step is the median difference between consecutive times; it must divide a day and every time must lie
 *       on the grid that starts at the first time.</li>
 *   <li>Gaps (NaN): a grid time with no row, an empty value, or a row whose missing column is 1. The missing column
 *       holds only 0 or 1; any other value that is not a finite number is an error.</li>
 * </ul>
 *
 * Every error is a {@link TraceFormatException} with a one-line message naming the file, line and column.
 */
public final class TraceCsv {

    private static final long DAY_SECONDS = 86_400;

    private TraceCsv() {
    }

    /**
     * Reads {@code file}.
     *
     * @param missingCol the 0/1 missing-flag column, or null when the trace has none
     * @throws TraceFormatException when the file is unreadable or breaks the format
     */
    public static Trace read(Path file, String timeCol, String valueCol, String missingCol) {
        String name = file.toString();
        List<String> lines = readLines(file, name);
        Rows rows = parseRows(lines, name, timeCol, valueCol, missingCol);
        return toTrace(file, name, timeCol, rows);
    }

    private static List<String> readLines(Path file, String name) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw TraceFormatException.file(name, "cannot read: " + FileErrors.cause(e, file));
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw TraceFormatException.at(name, 1, "no header row");
        }
        return lines;
    }

    /** The parsed data rows: time (epoch seconds), value (NaN for a gap) and 1-based file line. */
    private record Rows(long[] times, double[] values, int[] lines, int count, boolean epochSeconds) {
    }

    private static Rows parseRows(List<String> lines, String name, String timeCol, String valueCol,
            String missingCol) {
        List<String> header = CsvLine.split(lines.get(0)).stream().map(String::strip).toList();
        int ti = column(header, timeCol, name);
        int vi = column(header, valueCol, name);
        int mi = missingCol == null ? -1 : column(header, missingCol, name);
        int n = lines.size() - 1;
        long[] times = new long[n];
        double[] values = new double[n];
        int[] lineNos = new int[n];
        int count = 0;
        Boolean numeric = null;
        for (int k = 1; k < lines.size(); k++) {
            String text = lines.get(k);
            if (text.isBlank()) {
                continue;
            }
            int lineNo = k + 1;
            List<String> cells = CsvLine.split(text);
            if (cells.size() != header.size()) {
                throw TraceFormatException.at(name, lineNo,
                        "expected " + header.size() + " fields as in the header, found " + cells.size());
            }
            String timeCell = cells.get(ti).strip();
            if (numeric == null) {
                numeric = TraceTimes.isNumber(timeCell);
            }
            times[count] = time(timeCell, numeric, name, lineNo, timeCol);
            values[count] = value(cells.get(vi).strip(), name, lineNo, valueCol);
            if (mi >= 0 && missingFlag(cells.get(mi).strip(), name, lineNo, missingCol)) {
                values[count] = Double.NaN;
            }
            lineNos[count] = lineNo;
            count++;
        }
        if (count < 3) {
            throw TraceFormatException.file(name, "need at least 3 data rows, found " + count);
        }
        return new Rows(times, values, lineNos, count, numeric);
    }

    private static int column(List<String> header, String col, String name) {
        int i = header.indexOf(col);
        if (i < 0) {
            throw TraceFormatException.at(name, 1, col, "no such column; found " + String.join(", ", header));
        }
        return i;
    }

    private static long time(String cell, boolean numeric, String name, int line, String col) {
        if (cell.isEmpty()) {
            throw TraceFormatException.at(name, line, col, "empty time");
        }
        if (TraceTimes.isNumber(cell) != numeric) {
            throw TraceFormatException.at(name, line, col, "mixes numeric and datetime times: \"" + cell + "\"");
        }
        if (numeric) {
            Long s = TraceTimes.epochSeconds(cell);
            if (s == null) {
                throw TraceFormatException.at(name, line, col, "numeric times must be whole seconds: \"" + cell + "\"");
            }
            return s;
        }
        try {
            return TraceTimes.parseDateTime(cell);
        } catch (IllegalArgumentException e) {
            throw TraceFormatException.at(name, line, col, e.getMessage());
        }
    }

    private static double value(String cell, String name, int line, String col) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        if (!TraceTimes.isNumber(cell)) {
            throw TraceFormatException.at(name, line, col, "not a number: \"" + cell + "\"");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw TraceFormatException.at(name, line, col, "not a finite number: \"" + cell + "\"");
        }
        return v;
    }

    private static boolean missingFlag(String cell, String name, int line, String col) {
        if (!TraceTimes.isNumber(cell)) {
            throw TraceFormatException.at(name, line, col, "must be 0 or 1, got \"" + cell + "\"");
        }
        double v = Double.parseDouble(cell);
        if (v != 0 && v != 1) {
            throw TraceFormatException.at(name, line, col, "must be 0 or 1, got \"" + cell + "\"");
        }
        return v == 1;
    }

    private static Trace toTrace(Path file, String name, String timeCol, Rows rows) {
        Integer[] order = new Integer[rows.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(rows.times()[a], rows.times()[b]));
        long[] diffs = new long[order.length - 1];
        for (int i = 1; i < order.length; i++) {
            diffs[i - 1] = rows.times()[order[i]] - rows.times()[order[i - 1]];
            if (diffs[i - 1] == 0) {
                int a = Math.min(rows.lines()[order[i]], rows.lines()[order[i - 1]]);
                int b = Math.max(rows.lines()[order[i]], rows.lines()[order[i - 1]]);
                throw TraceFormatException.at(name, b, timeCol, "duplicate time "
                        + Instant.ofEpochSecond(rows.times()[order[i]]) + ", first at line " + a);
            }
        }
        long step = medianStep(diffs);
        if (step <= 0 || DAY_SECONDS % step != 0) {
            throw TraceFormatException.column(name, timeCol, "inferred step " + step + " s does not divide a day");
        }
        long t0 = rows.times()[order[0]];
        long last = rows.times()[order[order.length - 1]];
        double[] grid = new double[Math.toIntExact((last - t0) / step + 1)];
        Arrays.fill(grid, Double.NaN);
        boolean observed = false;
        for (int i : order) {
            long offset = rows.times()[i] - t0;
            if (offset % step != 0) {
                throw TraceFormatException.at(name, rows.lines()[i], timeCol, "time " + Instant.ofEpochSecond(
                        rows.times()[i]) + " is off the " + step + " s grid that starts at the first time");
            }
            grid[(int) (offset / step)] = rows.values()[i];
            observed |= !Double.isNaN(rows.values()[i]);
        }
        if (!observed) {
            throw TraceFormatException.file(name, "no observed values");
        }
        TimeSeries series = TimeSeries.of(Instant.ofEpochSecond(t0), Duration.ofSeconds(step), grid);
        return new Trace(file, series, rows.epochSeconds());
    }

    /** The median difference, truncated to whole seconds as the bench does ({@code int(np.median(diffs))}). */
    private static long medianStep(long[] diffs) {
        long[] sorted = diffs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n % 2 == 1) {
            return sorted[n / 2];
        }
        return (long) ((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0);
    }
}
