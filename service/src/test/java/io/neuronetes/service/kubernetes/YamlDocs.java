package io.neuronetes.service.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Reads YAML files (several documents each) under a folder as generic trees. */
final class YamlDocs {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** One document and the file it came from. */
    record Doc(Path file, Map<String, Object> tree) {
        String kind() {
            return String.valueOf(tree.get("kind"));
        }

        @SuppressWarnings("unchecked")
        String name() {
            return String.valueOf(((Map<String, Object>) tree.get("metadata")).get("name"));
        }

        @Override
        public String toString() {
            return file.getFileName() + ": " + kind() + " " + name();
        }
    }

    private YamlDocs() {
    }

    /** Every YAML file under {@code folder}, recursively, sorted by path. */
    static List<Path> files(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one file, empty documents left out. */
    static List<Doc> read(Path file) {
        try (MappingIterator<Map<String, Object>> it = YAML.readerFor(new TypeReference<Map<String, Object>>() {
        }).readValues(file.toFile())) {
            List<Doc> docs = new ArrayList<>();
            while (it.hasNext()) {
                Map<String, Object> tree = it.next();
                if (tree != null && !tree.isEmpty()) {
                    docs.add(new Doc(file, tree));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of every YAML file under {@code folder}. */
    static List<Doc> readAll(Path folder) {
        return files(folder).stream().flatMap(f -> read(f).stream()).toList();
    }

    /** Parses one YAML text into a generic tree. */
    static Object parse(String yaml) {
        try {
            return YAML.readValue(yaml, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code part} is contained in {@code whole}: same scalars, maps with at least its keys, lists item by item. */
    static boolean contains(Object whole, Object part) {
        if (part instanceof Map<?, ?> pm) {
            return whole instanceof Map<?, ?> wm && pm.entrySet().stream()
                    .allMatch(e -> wm.containsKey(e.getKey()) && contains(wm.get(e.getKey()), e.getValue()));
        }
        if (part instanceof List<?> pl) {
            if (!(whole instanceof List<?> wl) || wl.size() < pl.size()) {
                return false;
            }
            return pl.stream().allMatch(p -> wl.stream().anyMatch(w -> contains(w, p)));
        }
        if (part instanceof Number pn && whole instanceof Number wn) {
            return pn.doubleValue() == wn.doubleValue();
        }
        return Objects.equals(part, whole);
    }
}
