package io.neuronetes.forecast.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;

/** Reads and writes {@code metadata.json}: the {@link ModelMetadata} plus the model file's SHA-256 and format. */
final class MetadataJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetadataJson() {
    }

    /** Metadata read back, with the checksum the model file must have. */
    record Parsed(ModelMetadata metadata, String modelSha256) {
    }

    static byte[] write(ModelMetadata m, byte[] model) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", ModelCodec.FORMAT);
        o.put("modelSha256", sha256(model));
        o.put("modelBytes", model.length);
        o.put("pool", m.pool());
        o.put("metric", m.metric());
        o.put("method", m.method());
        o.put("note", m.note());
        o.put("trainedAt", m.trainedAt().toString());
        o.put("dataFrom", m.dataFrom() == null ? null : m.dataFrom().toString());
        o.put("dataTo", m.dataTo() == null ? null : m.dataTo().toString());
        o.put("stepSeconds", m.stepSeconds());
        o.put("horizon", m.horizon());
        o.put("seed", m.seed());
        o.set("settings", JSON.valueToTree(m.settings()));
        o.put("featureSpec", m.featureSpec());
        o.put("featureSpecHash", m.featureSpecHash());
        o.set("libraries", JSON.valueToTree(m.libraries()));
        o.set("backtest", JSON.valueToTree(m.backtest()));
        return JSON.writeValueAsBytes(o);
    }

    @SuppressWarnings("unchecked")
    static Parsed read(byte[] bytes) throws IOException {
        JsonNode o = JSON.readTree(bytes);
        if (o == null || !o.isObject()) {
            throw new IOException("metadata is not a JSON object");
        }
        String sum = text(o, "modelSha256");
        if (sum == null) {
            throw new IOException("metadata lacks modelSha256");
        }
        try {
            ModelMetadata m = new ModelMetadata(text(o, "pool"), text(o, "metric"), text(o, "method"),
                    text(o, "note"), Instant.parse(text(o, "trainedAt")), time(o, "dataFrom"), time(o, "dataTo"),
                    o.path("stepSeconds").asLong(), o.path("horizon").asInt(), o.path("seed").asLong(),
                    JSON.convertValue(o.path("settings"), Map.class), text(o, "featureSpec"),
                    text(o, "featureSpecHash"), JSON.convertValue(o.path("libraries"), Map.class),
                    JSON.convertValue(o.path("backtest"), Map.class));
            return new Parsed(m, sum);
        } catch (DateTimeParseException | NullPointerException | IllegalArgumentException e) {
            throw new IOException("invalid metadata: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Instant time(JsonNode o, String field) {
        String s = text(o, field);
        return s == null ? null : Instant.parse(s);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
