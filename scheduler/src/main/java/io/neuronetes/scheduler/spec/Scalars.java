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

    static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : kind(v) + " " + v;
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
