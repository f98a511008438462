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
}
