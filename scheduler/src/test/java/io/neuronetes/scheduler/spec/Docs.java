package io.neuronetes.scheduler.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: YAML documents as generic trees, and edits at a field path. */
final class Docs {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Docs() {
    }

    /** A resource from src/test/resources/pools. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String name) {
        try (InputStream in = Docs.class.getResourceAsStream("/pools/" + name)) {
            return YAML.readValue(in, LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document from YAML text. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        try {
            return YAML.readValue(text, LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal valid pool named {@code p}. */
    static Map<String, Object> minimal() {
        return yaml("apiVersion: neuronetes.io/v1alpha1\nkind: AgentPool\nmetadata: {name: p}\nspec: {}\n");
    }

    /**
     * Sets (or, with {@code value == REMOVE}, removes) the field at {@code path} ({@code a.b[1].c}), creating
     * mappings on the way.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> with(Map<String, Object> doc, String path, Object value) {
        String[] parts = path.split("\\.");
        Object node = doc;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            Map<String, Object> map = (Map<String, Object>) node;
            boolean last = i == parts.length - 1;
            if (bracket >= 0) {
                int index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                List<Object> list = (List<Object>) map.get(key);
                if (last) {
                    list.set(index, value);
                    return doc;
                }
                node = list.get(index);
            } else if (last) {
                if (value == REMOVE) {
                    map.remove(key);
                } else {
                    map.put(key, value);
                }
            } else {
                node = map.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
            }
        }
        return doc;
    }

    static final Object REMOVE = new Object();
}
