package io.neuronetes.scheduler.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping node of a generic document tree ({@code Map}/{@code List}/scalars, as a YAML reader or a Kubernetes
 * client produces) that reads typed fields and records every problem with its path instead of stopping at the
 * first. A key with a null value counts as absent. {@link #finish()} reports the keys nobody read as unknown.
 */
final class Node {

    private final List<FieldError> errors;
    private final String path;
    private final Map<?, ?> map;
    private final Set<String> read = new LinkedHashSet<>();

    private Node(List<FieldError> errors, String path, Map<?, ?> map) {
        this.errors = errors;
        this.path = path;
        this.map = map;
    }

    /** The root of a document; a non-mapping root is an error and reads as empty. */
    static Node root(Object document, List<FieldError> errors) {
        return of(document, "", errors);
    }

    private static Node of(Object value, String path, List<FieldError> errors) {
        if (value instanceof Map<?, ?> m) {
            return new Node(errors, path, m);
        }
        if (value != null) {
            errors.add(new FieldError(path.isEmpty() ? "(document)" : path,
                    "expected a mapping, got " + Scalars.kind(value)));
        }
        return new Node(errors, path, Map.of());
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void error(String key, String reason) {
        errors.add(new FieldError(path(key), reason));
    }

    /** Records an error for {@code key} unless {@code ok}. */
    void check(boolean ok, String key, String reason) {
        if (!ok) {
            error(key, reason);
        }
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    private Object get(String key) {
        read.add(key);
        return map.get(key);
    }

    /** A nested mapping; absent reads as empty. */
    Node object(String key) {
        return of(get(key), path(key), errors);
    }

    /** The elements of a list; absent reads as empty. */
    List<Object> list(String key) {
        Object v = get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        error(key, "expected a list, got " + Scalars.kind(v));
        return List.of();
    }

    /** The mappings of a list, each with its indexed path. */
    List<Node> objects(String key) {
        List<Object> items = list(key);
        List<Node> nodes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            nodes.add(of(items.get(i), path(key) + "[" + i + "]", errors));
        }
        return nodes;
    }

    /** The path of element {@code i} of list {@code key}. */
    String path(String key, int i) {
        return path(key) + "[" + i + "]";
    }

    List<FieldError> errors() {
        return errors;
    }

    String string(String key, String dflt) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            if (s.isBlank()) {
                error(key, "must not be empty");
                return dflt;
            }
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        error(key, "expected a string, got " + Scalars.kind(v));
        return dflt;
    }

    String requiredString(String key) {
        if (!has(key)) {
            read.add(key);
            error(key, "is required");
            return null;
        }
        return string(key, null);
    }

    /** A whole number in {@code [min, max]}. */
    Integer integer(String key, Integer dflt, long min, long max) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        Double d = toNumber(key, v);
        if (d == null) {
            return dflt;
        }
        if (d != Math.rint(d)) {
            error(key, "expected a whole number, got " + Scalars.clip(String.valueOf(v)));
            return dflt;
        }
        if (d < min || d > max) {
            error(key, "must be " + Scalars.range(min, max) + ", got " + Scalars.clip(String.valueOf(v)));
            return dflt;
        }
        return (int) Math.round(d);
    }

    /** A finite number in {@code [min, max]}. */
    Double number(String key, Double dflt, double min, double max) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        Double d = toNumber(key, v);
        if (d == null) {
            return dflt;
        }
        if (d < min || d > max) {
            error(key, "must be " + Scalars.range(min, max) + ", got " + Scalars.clip(String.valueOf(v)));
            return dflt;
        }
        return d;
    }

    boolean bool(String key, boolean dflt) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        error(key, "expected true or false, got " + Scalars.describe(v));
        return dflt;
    }

    /** A non-negative duration such as {@code 30s}. */
    Duration duration(String key, Duration dflt) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == 0) {
            return Duration.ZERO;
        }
        if (!(v instanceof String s)) {
            error(key, "expected a duration such as 500ms, 30s, 5m, 2h or 7d, got " + Scalars.describe(v));
            return dflt;
        }
        try {
            return Quantities.duration(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(key, e.getMessage());
            return dflt;
        }
    }

    /** A quantity: a duration (value in seconds) when {@code asDuration}, else a number. Required. */
    Quantity quantity(String key, boolean asDuration) {
        Object v = get(key);
        if (v == null) {
            error(key, "is required");
            return null;
        }
        String text = v instanceof String s ? s.strip() : v.toString();
        if (!(v instanceof String || v instanceof Number)) {
            error(key, "expected a quantity such as \"1000\" or \"500ms\", got " + Scalars.kind(v));
            return null;
        }
        try {
            double value = asDuration ? Quantities.duration(text).toNanos() / 1e9 : Quantities.number(text);
            return new Quantity(value, text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(key, e.getMessage());
            return null;
        }
    }

    /** An enum constant by its YAML spelling. */
    <E extends Enum<E> & YamlEnum> E enumValue(String key, Class<E> type, E dflt) {
        Object v = get(key);
        if (v == null) {
            return dflt;
        }
        E e = Scalars.parseEnum(v, type);
        if (e == null) {
            error(key, "expected one of " + Scalars.spellings(type) + ", got " + Scalars.describe(v));
            return dflt;
        }
        return e;
    }

    /** Marks keys as known without reading them (for example {@code status}, written by the controller). */
    void ignore(String... keys) {
        read.addAll(List.of(keys));
    }

    /** Reports every key of this mapping that was not read as an unknown field. */
    void finish() {
        for (Object k : map.keySet()) {
            if (!(k instanceof String s) || !read.contains(s)) {
                errors.add(new FieldError(path(String.valueOf(k)), "unknown field"));
            }
        }
    }

    private Double toNumber(String key, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                return d;
            }
        }
        if (v instanceof String s) {
            try {
                return Quantities.number(s);
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return null;
            }
        }
        error(key, "expected a number, got " + Scalars.describe(v));
        return null;
    }

}
