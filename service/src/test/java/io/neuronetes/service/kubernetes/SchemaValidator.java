package io.neuronetes.service.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a document tree against a CRD's OpenAPI v3 schema the way the API server does with strict field
 * validation, for the keywords the project's CRDs use: type, x-kubernetes-int-or-string, properties (unknown
 * fields are errors unless x-kubernetes-preserve-unknown-fields), required, enum, minimum/maximum (with
 * exclusiveMinimum/exclusiveMaximum), minLength/maxLength, pattern, maxItems and items. CEL rules (x-kubernetes-validations) are
 * not evaluated. Every problem is returned with its field path.
 */
final class SchemaValidator {

    private SchemaValidator() {
    }

    static List<String> validate(JSONSchemaProps schema, Object value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    private static void check(JSONSchemaProps s, Object v, String path, List<String> errors) {
        if (v == null) {
            errors.add(path + ": null");
            return;
        }
        if (!typeMatches(s, v)) {
            errors.add(path + ": expected " + (Boolean.TRUE.equals(s.getXKubernetesIntOrString()) ? "int-or-string"
                    : s.getType()) + ", got " + v.getClass().getSimpleName() + " " + v);
            return;
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty()
                && s.getEnum().stream().map(JsonNode::asText).noneMatch(e -> e.equals(String.valueOf(v)))) {
            errors.add(path + ": " + v + " not in " + s.getEnum());
        }
        if (v instanceof Number n) {
            checkNumber(s, n.doubleValue(), path, errors);
        } else if (v instanceof String str) {
            checkString(s, str, path, errors);
        } else if (v instanceof Map<?, ?> m) {
            checkObject(s, m, path, errors);
        } else if (v instanceof List<?> list) {
            if (s.getMaxItems() != null && list.size() > s.getMaxItems()) {
                errors.add(path + ": more than " + s.getMaxItems() + " items");
            }
            for (int i = 0; i < list.size(); i++) {
                check(s.getItems().getSchema(), list.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static boolean typeMatches(JSONSchemaProps s, Object v) {
        if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
            return v instanceof String || v instanceof Integer || v instanceof Long;
        }
        if (s.getType() == null) {
            return true;
        }
        return switch (s.getType()) {
            case "object" -> v instanceof Map;
            case "array" -> v instanceof List;
            case "string" -> v instanceof String;
            case "integer" -> v instanceof Integer || v instanceof Long;
            case "number" -> v instanceof Number;
            case "boolean" -> v instanceof Boolean;
            default -> throw new IllegalArgumentException("unsupported schema type " + s.getType());
        };
    }

    private static void checkNumber(JSONSchemaProps s, double x, String path, List<String> errors) {
        if (s.getMinimum() != null) {
            boolean exclusive = Boolean.TRUE.equals(s.getExclusiveMinimum());
            if (exclusive ? x <= s.getMinimum() : x < s.getMinimum()) {
                errors.add(path + ": " + x + " below " + (exclusive ? "or equal to " : "") + s.getMinimum());
            }
        }
        if (s.getMaximum() != null) {
            boolean exclusive = Boolean.TRUE.equals(s.getExclusiveMaximum());
            if (exclusive ? x >= s.getMaximum() : x > s.getMaximum()) {
                errors.add(path + ": " + x + " above " + (exclusive ? "or equal to " : "") + s.getMaximum());
            }
        }
    }

    private static void checkString(JSONSchemaProps s, String str, String path, List<String> errors) {
        if (s.getPattern() != null && !Pattern.compile(s.getPattern()).matcher(str).find()) {
            errors.add(path + ": \"" + str + "\" does not match " + s.getPattern());
        }
        if (s.getMinLength() != null && str.length() < s.getMinLength()) {
            errors.add(path + ": shorter than " + s.getMinLength());
        }
        if (s.getMaxLength() != null && str.length() > s.getMaxLength()) {
            errors.add(path + ": longer than " + s.getMaxLength());
        }
    }

    private static void checkObject(JSONSchemaProps s, Map<?, ?> m, String path, List<String> errors) {
        String prefix = path.isEmpty() ? "" : path + ".";
        if (s.getRequired() != null) {
            s.getRequired().stream().filter(r -> !m.containsKey(r))
                    .forEach(r -> errors.add(prefix + r + ": required"));
        }
        Map<String, JSONSchemaProps> props = s.getProperties();
        if (props == null || props.isEmpty()) {
            return; // free-form object (metadata)
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            JSONSchemaProps p = props.get(String.valueOf(e.getKey()));
            if (p != null) {
                check(p, e.getValue(), prefix + e.getKey(), errors);
            } else if (!Boolean.TRUE.equals(s.getXKubernetesPreserveUnknownFields())) {
                errors.add(prefix + e.getKey() + ": unknown field");
            }
        }
    }
}
