package io.neuronetes.scheduler.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How {@link Node} names values and ranges in its error messages, and enum spellings. */
final class Scalars {

    private Scalars() {
    }

    static <E extends Enum<E> & YamlEnum> E parseEnum(Object v, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.yamlName().equals(v)) {
                return e;
            }
        }
        return null;
    }

    static <E extends Enum<E> & YamlEnum> String spellings(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.yamlName());
        }
        return String.join(", ", names);
    }

    static String range(double min, double max) {
        String lo = fmt(min);
        String hi = fmt(max);
        if (max >= Integer.MAX_VALUE) {
            return ">= " + lo;
        }
        return "between " + lo + " and " + hi;
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Longest piece of a document's value echoed in an error message. */
    static final int ECHO_LIMIT = 64;

    /**
     * A value for an error message: text quoted and numbers as written, each cut at {@link #ECHO_LIMIT}
     * characters; mappings and lists by kind only (a huge or deeply nested value is never printed whole).
     */
    static String describe(Object v) {
        if (v instanceof Map || v instanceof List) {
            return kind(v);
        }
        return v instanceof String s ? "\"" + clip(s) + "\"" : kind(v) + " " + clip(String.valueOf(v));
    }

    /** {@code s} cut at {@link #ECHO_LIMIT} characters, marked with "..." when cut. */
    static String clip(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= ECHO_LIMIT ? s : s.substring(0, ECHO_LIMIT) + "... (" + s.length() + " characters)";
    }

    static String kind(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return v instanceof Number ? "a number" : v.getClass().getSimpleName();
    }
}
