package io.neuronetes.service.cli;

import io.neuronetes.scheduler.spec.Quantities;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --name value} options of a command: every option takes one value, unknown options and missing values are
 * errors naming the option. Immutable after parsing.
 */
final class Flags {

    /** A bad command line; the message is one line for the user. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");

    private final Map<String, String> values;

    private Flags(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args} accepting only {@code known} option names (without the leading dashes). */
    static Flags parse(List<String> args, Set<String> known) {
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() < 3) {
                throw new UsageException("unexpected argument '" + a + "' (options are --name value)");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (v.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        return new Flags(v);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String required(String name) {
        return get(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    int integer(String name, int def, int min, int max) {
        String s = values.get(name);
        if (s == null) {
            return def;
        }
        try {
            int v = Integer.parseInt(s.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new UsageException("--" + name + ": expected a whole number in " + min + ".." + max + ", got '" + s
                + "'");
    }

    /**
     * A duration such as {@code 30s}, {@code 5m}, {@code 2h} or {@code 7d}, from one second to {@code max}; the
     * message names the range, also for a number too large to count (its examples, 30s and 5m, need a max of 5m or
     * more).
     */
    Duration duration(String name, Duration def, Duration max) {
        String s = values.get(name);
        if (s == null) {
            return def;
        }
        Matcher m = DURATION.matcher(s.strip());
        if (m.matches()) {
            long unit = switch (m.group(2)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86_400;
            };
            BigInteger seconds = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit));
            if (seconds.signum() > 0 && seconds.compareTo(BigInteger.valueOf(max.toSeconds())) <= 0) {
                return Duration.ofSeconds(seconds.longValueExact());
            }
        }
        throw new UsageException("--" + name + ": expected a duration from 1s to " + Quantities.format(max)
                + " such as 30s or 5m (whole seconds, minutes, hours or days), got '" + s + "'");
    }
}
