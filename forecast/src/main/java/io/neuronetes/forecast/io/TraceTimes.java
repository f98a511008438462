package io.neuronetes.forecast.io;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time cells of a trace: whole seconds since 1970-01-01 UTC, or datetime strings such as
 * {@code 1995-07-01 00:00}, {@code 2015-01-31T23:30:00}, {@code ...Z} or {@code ...+02:00}. Naive datetimes are
 * taken as UTC so that days run from midnight of the trace's own clock; times with an offset are converted to UTC.
 */
final class TraceTimes {

    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Pattern DATETIME = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?)?"
                    + "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    private TraceTimes() {
    }

    /** Whether a cell is a number (the trace then counts seconds). */
    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    /**
     * Seconds since the epoch of a numeric cell.
     *
     * @return the seconds, or null when the number is not whole
     */
    static Long epochSeconds(String cell) {
        double v = Double.parseDouble(cell);
        if (v != Math.floor(v) || Math.abs(v) > 1e15) {
            return null;
        }
        return (long) v;
    }

    /**
     * Seconds since the epoch of a datetime cell.
     *
     * @throws IllegalArgumentException with the reason when the cell is not a datetime of whole seconds
     */
    static long parseDateTime(String cell) {
        Matcher m = DATETIME.matcher(cell);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time: \"" + cell + "\"");
        }
        if (m.group(7) != null && !m.group(7).chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("times must be whole seconds: \"" + cell + "\"");
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), intOrZero(m.group(4)), intOrZero(m.group(5)), intOrZero(m.group(6)));
            return local.toEpochSecond(offset(m.group(8)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid time: \"" + cell + "\" (" + e.getMessage() + ")", e);
        }
    }

    private static int intOrZero(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    private static ZoneOffset offset(String s) {
        if (s == null || s.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = s.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
        int sign = s.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
