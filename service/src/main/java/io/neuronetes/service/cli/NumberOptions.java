package io.neuronetes.service.cli;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Numeric option values of {@code backtest} and {@code simulate}. A value that is not a number and a value out of
 * range get one message, naming the option and the range it allows: a whole number too large for the range is
 * reported as out of range, never as "not a number".
 */
final class NumberOptions {

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    /** Plain decimal notation: no Java suffixes (10d, 1f), hexadecimal, Infinity or NaN. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * An interval of decimal values.
     *
     * @param text the interval as the help text writes it, for example {@code (0, 1e12]}
     */
    record Interval(double min, boolean minIncluded, double max, boolean maxIncluded, String text) {

        boolean contains(double v) {
            return (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
        }
    }

    private NumberOptions() {
    }

    /**
     * {@code text} as a whole number in {@code min..max}.
     *
     * @throws IllegalArgumentException naming {@code option}, the range and the text as given
     */
    static int whole(String option, String text, int min, int max) {
        String s = text.strip();
        if (WHOLE.matcher(s).matches()) {
            BigInteger v = new BigInteger(s);
            if (v.compareTo(BigInteger.valueOf(min)) >= 0 && v.compareTo(BigInteger.valueOf(max)) <= 0) {
                return v.intValueExact();
            }
        }
        throw new IllegalArgumentException(option + " must be a whole number in " + min + ".." + max + ", got '"
                + text + "'");
    }

    /**
     * {@code text} as a decimal number in {@code allowed}.
     *
     * @throws IllegalArgumentException naming {@code option}, the interval and the text as given
     */
    static double number(String option, String text, Interval allowed) {
        String s = text.strip();
        if (DECIMAL.matcher(s).matches()) {
            double v = Double.parseDouble(s);
            if (allowed.contains(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(option + " must be a number in " + allowed.text() + ", got '" + text
                + "'");
    }
}
