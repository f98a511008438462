package io.neuronetes.service.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** A duration such as {@code 30s}, {@code 5m}, {@code 2h} or {@code 7d}. */
    Duration duration(String name, Duration def) {
        String s = values.get(name);
        if (s == null) {
            return def;
        }
        if (s.matches("\\d{1,7}(s|m|h|d)")) {
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            Duration d = switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        throw new UsageException("--" + name + ": expected a positive duration such as 30s, 5m, 2h or 7d, got '" + s
                + "'");
    }
}
