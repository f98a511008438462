package io.neuronetes.service.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.docs.MarkdownTables.Row;
import io.neuronetes.service.kubernetes.KubernetesSettings;
import io.neuronetes.service.observe.ScalerMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.MetricWithFixedMetadata;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reference docs hold what the code has: every configuration key with its default, every metric with its
 * labels, every REST endpoint, every AgentPool field; and nothing the code does not have. The lists come from the
 * code itself (the {@code @ConfigMapping} interfaces, the metrics registry, the JAX-RS resources, the CRD schema that
 * CrdSchemaTest ties to the spec records), so a key, metric, endpoint or field added without its doc fails here.
 */
class ReferenceDocsTest {

    static final Path DOCS = Path.of("..", "docs");

    // ---- configuration ----

    /** A configuration key of the code, with its {@code @WithDefault} (null when it has none). */
    record Key(String name, String defaultValue, boolean map) {
        String group() {
            return name.substring(0, name.lastIndexOf('.'));
        }

        String leaf() {
            return name.substring(name.lastIndexOf('.') + 1);
        }
    }

    static List<Key> codeKeys() {
        List<Key> keys = new ArrayList<>();
        collect(NeuronetesConfig.class, "neuronetes", keys);
        collect(KubernetesSettings.class, "neuronetes.kubernetes", keys);
        return keys;
    }

    private static void collect(Class<?> group, String prefix, List<Key> keys) {
        for (Method m : group.getDeclaredMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            WithName wn = m.getAnnotation(WithName.class);
            String name = prefix + "." + (wn != null ? wn.value() : kebab(m.getName()));
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getName().startsWith("io.neuronetes.")) {
                collect(type, name, keys);
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                keys.add(new Key(name, d == null ? null : d.value(), Map.class.isAssignableFrom(type)));
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Rows that document configuration keys, by full key: a full key in the first cell, or one under a heading. */
    static Map<String, Row> documentedKeys() {
        Map<String, Row> byKey = new TreeMap<>();
        for (String file : List.of("configuration.md", "kubernetes.md")) {
            for (Row r : MarkdownTables.rows(DOCS.resolve(file))) {
                if (r.header().isEmpty() || !r.header().get(0).equals("key")) {
                    continue; // Tables of keys have a first column named "key".
                }
                String k = r.key().replaceAll("\\.<[^>]+>.*$", ""); // templates.<type> documents the map
                if (k.startsWith("neuronetes.")) {
                    byKey.put(k, r);
                } else {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(neuronetes[a-z.-]*)\\.\\*`")
                            .matcher(r.heading());
                    if (m.find() && k.matches("[a-z-]+(\\.[a-z-]+)*")) {
                        byKey.put(m.group(1) + "." + k, r);
                    }
                }
            }
        }
        return byKey;
    }

    @Test
    void everyConfigurationKeyIsDocumentedWithItsDefault() {
        Map<String, Row> documented = documentedKeys();
        List<String> problems = new ArrayList<>();
        for (Key k : codeKeys()) {
            Row r = documented.get(k.name());
            if (r == null) {
                problems.add(k.name() + ": not in docs/configuration.md or docs/kubernetes.md");
            } else if (k.defaultValue() != null && !r.cell(1).contains("`" + k.defaultValue() + "`")) {
                problems.add(k.name() + ": default `" + k.defaultValue() + "` in the code, '" + r.cell(1)
                        + "' in the docs (line " + r.line() + ")");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocumentedConfigurationKeyExists() {
        Set<String> code = new TreeSet<>(codeKeys().stream().map(Key::name).toList());
        assertThat(documentedKeys().keySet()).as("keys documented but not in the code").isSubsetOf(code);
    }

    // ---- metrics ----

    /** Every metric of {@link ScalerMetrics} as exposed (counters with {@code _total}) with its label names. */
    static Map<String, Set<String>> codeMetrics() throws IllegalAccessException {
        ScalerMetrics metrics = new ScalerMetrics();
        Map<String, Set<String>> out = new TreeMap<>();
        for (Field f : ScalerMetrics.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(metrics);
            Collection<?> values = v instanceof Map<?, ?> m ? m.values() : List.of(v == null ? "" : v);
            for (Object o : values) {
                if (o instanceof MetricWithFixedMetadata metric) {
                    String name = metric.getPrometheusName() + (metric instanceof Counter ? "_total" : "");
                    out.put(name, new TreeSet<>(metric.getLabelNames()));
                }
            }
        }
        return out;
    }

    @Test
    void everyMetricIsDocumentedWithItsLabels() throws IllegalAccessException {
        Map<String, Row> rows = new TreeMap<>();
        MarkdownTables.rows(DOCS.resolve("metrics.md")).stream().filter(r -> r.key().startsWith("neuronetes_"))
                .forEach(r -> rows.put(r.key(), r));
        Map<String, Set<String>> code = codeMetrics();
        assertThat(code).as("metrics found in ScalerMetrics").hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        code.forEach((name, labels) -> {
            Row r = rows.get(name);
            if (r == null) {
                problems.add(name + ": not in docs/metrics.md");
                return;
            }
            // "pool, direction (`up`, `down`), source=`scaler`": label names without their listed values
            Set<String> words = new TreeSet<>(List.of(r.cell(2).replaceAll("\\(.*?\\)|=?`[^`]*`", "")
                    .split("[^a-z_]+")));
            words.remove("");
            if (!words.equals(labels)) {
                problems.add(name + ": labels " + labels + " in the code, " + words + " in the docs (line "
                        + r.line() + ")");
            }
        });
        rows.keySet().stream().filter(n -> !code.containsKey(n))
                .forEach(n -> problems.add(n + ": documented but not registered"));
        assertThat(problems).isEmpty();
    }

    /**
     * Every field of the shadow replay's answer (the report, each policy, each day, the series) is named in its
     * section of docs/api.md.
     */
    @Test
    void everyShadowReplayFieldIsInTheApiReference() throws IOException {
        assertThat(undocumented("### `GET /api/v1/pools/{pool}/shadow", "\n## ",
                io.neuronetes.service.shadow.ShadowReport.class,
                io.neuronetes.service.shadow.ShadowReport.Policy.class,
                io.neuronetes.service.shadow.ShadowReport.Day.class,
                io.neuronetes.service.shadow.ShadowReport.Series.class)).isEmpty();
    }

    /** Every field of a decision, as GET .../decisions answers it, is in the table of that section. */
    @Test
    void everyDecisionFieldIsInTheApiReference() throws IOException {
        assertThat(undocumented("### `GET /api/v1/pools/{pool}/decisions", "\n### ",
                io.neuronetes.service.runs.DecisionRecord.class)).isEmpty();
    }

    /** Every field of the preview, its points, history, schedule, reactive view and decision, is in its section. */
    @Test
    void everyPreviewFieldIsInTheApiReference() throws IOException {
        assertThat(undocumented("### `GET /api/v1/pools/{pool}/forecast", "\n### ",
                io.neuronetes.service.api.PreviewView.class, io.neuronetes.service.api.PreviewView.Point.class,
                io.neuronetes.service.api.PreviewView.Actual.class,
                io.neuronetes.service.api.PreviewView.ScheduleView.class,
                io.neuronetes.service.api.PreviewView.ReactiveView.class,
                io.neuronetes.service.api.PreviewView.DecisionView.class)).isEmpty();
    }

    /**
     * The record components of {@code records} not named in a code span ({@code `name`}, or {@code `name[]`} for a
     * list) of api.md's section between the marks.
     */
    private static List<String> undocumented(String from, String to, Class<?>... records) throws IOException {
        String api = Files.readString(DOCS.resolve("api.md"));
        int start = api.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        int end = api.indexOf(to, start + from.length());
        Set<String> named = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([A-Za-z0-9]+)(?:\\[])?`")
                .matcher(api.substring(start, end < 0 ? api.length() : end));
        while (m.find()) {
            named.add(m.group(1));
        }
        List<String> missing = new ArrayList<>();
        for (Class<?> c : records) {
            for (var component : c.getRecordComponents()) {
                if (!named.contains(component.getName())) {
                    missing.add(c.getSimpleName() + "." + component.getName());
                }
            }
        }
        return missing;
    }

    // ---- Markdown ----

    /**
     * No table of the docs is cut in two: a blank line or a paragraph between two rows ends the table, and Markdown
     * shows the rows after it as text with their pipes (and the checks above, which read tables as Markdown does,
     * would not see them).
     */
    @Test
    void everyTableRowIsPartOfItsTable() throws IOException {
        List<String> stray = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            files.filter(f -> f.toString().endsWith(".md") && !f.toString().contains("/target/")
                    && !f.toString().contains("/node_modules/") && !f.toString().contains("/.")).sorted()
                    .forEach(f -> MarkdownTables.strayRows(f).forEach(r -> stray.add(f.normalize() + ":" + r.line()
                            + ": " + r.key())));
        }
        assertThat(stray).isEmpty();
    }

    // ---- REST API ----

    /** {@code METHOD /path} of every JAX-RS resource method of the service. */
    static Set<String> codeEndpoints() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target", "classes");
        Set<String> out = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes.resolve("io/neuronetes/service"))) {
            files = s.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList();
        }
        for (Path p : files) {
            String name = classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> c = Class.forName(name, false, ReferenceDocsTest.class.getClassLoader());
            jakarta.ws.rs.Path root = c.getAnnotation(jakarta.ws.rs.Path.class);
            if (root == null) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                String verb = verb(m);
                if (verb != null) {
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = (root.value() + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                    out.add(verb + " " + (path.length() > 1 ? path.replaceAll("/$", "") : path));
                }
            }
        }
        return out;
    }

    private static String verb(Method m) {
        for (var a : m.getAnnotations()) {
            jakarta.ws.rs.HttpMethod h = a.annotationType().getAnnotation(jakarta.ws.rs.HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    @Test
    void everyEndpointIsInTheApiReference() throws Exception {
        String api = Files.readString(DOCS.resolve("api.md"));
        Set<String> endpoints = codeEndpoints();
        assertThat(endpoints).contains("GET /api/v1/pools", "GET /metrics", "POST /v1/scale");
        List<String> missing = endpoints.stream()
                .filter(e -> !api.contains("`" + e + "`") && !api.contains("`" + e + "?")).toList();
        assertThat(missing).as("endpoints not written as `METHOD /path` in docs/api.md").isEmpty();
        assertThat(api).contains("`/q/openapi`", "`GET /`");
    }

    // ---- AgentPool fields ----

    /** Field paths of the AgentPool CRD's spec ({@code spec.autoscaling.metrics.type}; arrays without brackets). */
    @SuppressWarnings("unchecked")
    static Set<String> crdPaths() throws IOException {
        Map<String, Object> crd = new YAMLMapper().readValue(Path.of("..", "k8s", "crds",
                "agentpools.neuronetes.io.yaml").toFile(), Map.class);
        Map<String, Object> version = ((List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec"))
                .get("versions")).get(0);
        Map<String, Object> root = (Map<String, Object>) ((Map<String, Object>) version.get("schema"))
                .get("openAPIV3Schema");
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) root.get("properties")).get("spec");
        Set<String> out = new TreeSet<>();
        walk(spec, "spec", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(Map<String, Object> schema, String path, Set<String> out) {
        if (schema.get("items") instanceof Map<?, ?> items) {
            schema = (Map<String, Object>) items;
        }
        Object props = schema.get("properties");
        if (props instanceof Map<?, ?> p && !p.isEmpty()) {
            ((Map<String, Object>) p).forEach((k, v) -> walk((Map<String, Object>) v, path + "." + k, out));
        } else {
            out.add(path);
        }
    }

    /** AgentPool rows of docs/agentpool-reference.md by full path (rows under "### spec.x" are relative to it). */
    static Map<String, Row> documentedFields() {
        Map<String, Row> out = new TreeMap<>();
        for (Row r : MarkdownTables.rows(DOCS.resolve("agentpool-reference.md"))) {
            if (r.headings().size() < 2 || !r.headings().get(1).equals("AgentPool")) {
                continue;
            }
            String prefix = r.heading().matches("spec(\\.[A-Za-z]+)*") ? r.heading() + "." : "";
            out.put((prefix + r.key()).replace("[]", ""), r);
        }
        return out;
    }

    @Test
    void everyAgentPoolFieldIsDocumentedWithADefault() throws IOException {
        Map<String, Row> documented = documentedFields();
        List<String> problems = new ArrayList<>();
        for (String path : crdPaths()) {
            String covered = null;
            for (String p = path; covered == null && p.contains("."); p = p.substring(0, p.lastIndexOf('.'))) {
                covered = documented.containsKey(p) ? p : null; // a row for spec.slo covers its fields
            }
            if (covered == null) {
                problems.add(path + ": not in docs/agentpool-reference.md");
            } else if (documented.get(covered).cell(2).isBlank()) {
                problems.add(covered + ": no default (line " + documented.get(covered).line() + ")");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocumentedAgentPoolFieldExists() throws IOException {
        Set<String> crd = crdPaths();
        List<String> unknown = documentedFields().keySet().stream().filter(p -> !p.startsWith("metadata."))
                .filter(p -> crd.stream().noneMatch(c -> c.equals(p) || c.startsWith(p + "."))).toList();
        assertThat(unknown).as("documented fields the CRD does not have").isEmpty();
    }
}
