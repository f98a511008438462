package io.neuronetes.scheduler.spec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses quantities the way the guide writes them: durations such as {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 7d} or combinations ({@code 1h30m}), and plain numbers ({@code "1000"}, {@code 0.5}).
 */
public final class Quantities {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

    private Quantities() {
    }

    /**
     * A non-negative duration.
     *
     * @throws IllegalArgumentException naming the expected form, for anything else (bare numbers other than 0
     *                                  included: a unit is required)
     */
    public static Duration duration(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 2h or 7d, got \""
                    + Scalars.clip(text) + "\"");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /**
     * A finite number written as a number or a numeric string.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static double number(String text) {
        String s = text.strip();
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v) && !s.endsWith("d") && !s.endsWith("f") && !s.endsWith("D") && !s.endsWith("F")) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("expected a number, got \"" + Scalars.clip(text) + "\"");
    }

    /** Formats a duration the way the guide writes it ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}). */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        StringBuilder sb = new StringBuilder();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                sb.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return sb.toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalStateException(unit);
        };
    }
}
