package io.neuronetes.service.pools;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text holding one or more documents ({@code ---} separated) into generic trees. Pure; thread-safe.
 * Errors name the line and column, so that a user can find them in the file.
 */
public final class YamlDocuments {

    /** The largest file accepted; AgentPool documents are a few kilobytes. */
    public static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The documents of a text, or why it cannot be read. Exactly one of the two is non-null. */
    public record Result(List<Map<String, Object>> documents, String error) {
    }

    private YamlDocuments() {
    }

    /** Parses {@code bytes}; empty documents are skipped, a document that is not a mapping is an error. */
    @SuppressWarnings("unchecked")
    public static Result read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return new Result(null, "file is " + bytes.length + " bytes, more than the " + MAX_BYTES + " accepted");
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        try (MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(bytes)) {
            int n = 0;
            while (it.hasNextValue()) {
                Object doc = it.nextValue();
                n++;
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map)) {
                    return new Result(null, "document " + n + " is not a mapping (got a "
                            + (doc instanceof List ? "list" : "scalar") + ")");
                }
                docs.add((Map<String, Object>) doc);
            }
        } catch (JsonProcessingException e) {
            return new Result(null, located(e));
        } catch (IOException | RuntimeException e) {
            // Jackson wraps parser errors met while iterating in RuntimeJsonMappingException.
            Throwable cause = e.getCause() instanceof JsonProcessingException j ? j : e;
            return new Result(null, cause instanceof JsonProcessingException j ? located(j)
                    : "cannot read: " + e.getMessage());
        }
        return new Result(docs, null);
    }

    /** A content hash of a tree, stable across formatting changes of the YAML that do not change the tree. */
    public static String revision(Map<String, Object> tree) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(tree);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)).substring(0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            return Integer.toHexString(tree.hashCode());
        }
    }

    private static String located(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // SnakeYAML's message quotes the offending line and a caret under it; keep only the sentences.
        String msg = original.lines().map(String::strip)
                .filter(x -> !x.isEmpty() && !x.startsWith("in 'reader'") && !x.equals("^"))
                .filter(x -> original.lines().noneMatch(y -> y.startsWith("    ") && y.strip().equals(x)))
                .collect(java.util.stream.Collectors.joining("; "));
        return l == null || l.getLineNr() < 1 ? msg : "line " + l.getLineNr() + ", column " + l.getColumnNr() + ": " + msg;
    }

    /** Parses UTF-8 text; for tests and bundled resources. */
    public static Result read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }
}
