package io.neuronetes.service.pools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files in a real folder through the real parsers: good pools keep running beside bad files. */
class FilePoolSourceTest {

    @TempDir
    Path folder;
    FilePoolSource source;
    PoolRegistry registry;
    final List<String> events = new ArrayList<>();

    static String pool(String name, int max) {
        return """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata:
                  name: %s
                spec:
                  minReplicas: 1
                  maxReplicas: %d
                  autoscaling:
                    metrics:
                      - type: tokens-in-queue
                        target: "1000"
                        averagingWindow: 30s
                """.formatted(name, max);
    }

    @BeforeEach
    void start() {
        registry = new PoolRegistry();
        registry.addListener(new PoolRegistry.Listener() {
            @Override
            public void upserted(PoolEntry e) {
                events.add("upserted " + e.name() + " max=" + e.pool().maxReplicas());
            }

            @Override
            public void removed(String name) {
                events.add("removed " + name);
            }
        });
        source = new FilePoolSource(folder, Duration.ofHours(1)); // scans are triggered by the test
    }

    @AfterEach
    void stop() {
        source.close();
    }

    @Test
    void invalidFilesAreReportedAndTheGoodPoolsServed() throws Exception {
        Files.writeString(folder.resolve("chat.yaml"), pool("chat", 8));
        Files.writeString(folder.resolve("bad-spec.yaml"), pool("broken", 4).replace("minReplicas: 1",
                "minReplicas: -1").replace("\"1000\"", "\"lots\""));
        Files.writeString(folder.resolve("bad-yaml.yml"), "apiVersion: x\nspec: [unclosed\n");
        Files.writeString(folder.resolve("notes.txt"), "not a pool");
        source.start(registry);

        assertThat(registry.pools()).extracting(PoolEntry::name).containsExactly("chat");
        assertThat(registry.problems()).hasSize(2);
        PoolProblem spec = registry.problems().get(0);
        assertThat(spec.origin()).isEqualTo(PoolOrigin.file(folder.resolve("bad-spec.yaml")));
        assertThat(spec.errors()).anySatisfy(e -> assertThat(e).startsWith("spec.minReplicas:"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.autoscaling.metrics[0].target:"));
        PoolProblem yaml = registry.problems().get(1);
        assertThat(yaml.origin().location()).endsWith("bad-yaml.yml");
        assertThat(yaml.errors().get(0)).startsWith("line 2, column 16: while parsing a flow sequence")
                .contains("expected ',' or ']', but got <stream end>");
        assertThat(events).containsExactly("upserted chat max=8");
    }

    @Test
    void changesAndDeletionsAreSeenOnTheNextScan() throws Exception {
        Path chat = folder.resolve("chat.yaml");
        Files.writeString(chat, pool("chat", 8));
        source.start(registry);
        Files.writeString(chat, "# reformatted, same tree\n" + pool("chat", 8));
        source.scan();
        Files.writeString(chat, pool("chat", 12));
        source.scan();
        Files.writeString(chat, "spec: [");
        source.scan();
        assertThat(registry.pools()).isEmpty();
        Files.writeString(chat, pool("chat", 12));
        source.scan();
        Files.delete(chat);
        source.scan();
        assertThat(events).containsExactly("upserted chat max=8", "upserted chat max=12", "removed chat",
                "upserted chat max=12", "removed chat");
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void theInvalidDocumentMetricFollowsProblemsThatComeAndGoWhileNoServedPoolChanges() throws Exception {
        io.neuronetes.service.observe.ScalerMetrics metrics = new io.neuronetes.service.observe.ScalerMetrics();
        registry.addListener(new PoolRegistry.Listener() {
            @Override
            public void upserted(PoolEntry e) {
            }

            @Override
            public void removed(String name) {
            }

            @Override
            public void resolved(int served, List<PoolProblem> problems) {
                metrics.pools(served, problems); // as the service does
            }
        });
        Files.writeString(folder.resolve("chat.yaml"), pool("chat", 8));
        source.start(registry);
        List<String> bad = List.of("broken.yaml", "dup.yaml", "unreadable.yaml");
        Files.writeString(folder.resolve(bad.get(0)), pool("broken", 4).replace("minReplicas: 1", "minReplicas: -1"));
        Files.writeString(folder.resolve(bad.get(1)), pool("chat", 9));
        Files.writeString(folder.resolve(bad.get(2)), "spec: [");
        source.scan();
        assertThat(invalidSeries(metrics)).hasSize(3).allSatisfy(line -> assertThat(line).endsWith(" 1.0"))
                .anySatisfy(line -> assertThat(line).contains("dup.yaml"))
                .anySatisfy(line -> assertThat(line).contains("unreadable.yaml"));
        for (String f : bad) {
            Files.delete(folder.resolve(f));
        }
        source.scan();
        assertThat(invalidSeries(metrics)).isEmpty();
        assertThat(events).containsExactly("upserted chat max=8"); // no served pool changed meanwhile
    }

    private static List<String> invalidSeries(io.neuronetes.service.observe.ScalerMetrics metrics) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("neuronetes_pool_invalid{")).toList();
    }

    @Test
    void duplicateNameKeepsTheFirstUntilItGoes() throws Exception {
        Files.writeString(folder.resolve("a.yaml"), pool("chat", 8));
        source.start(registry);
        Files.writeString(folder.resolve("b.yaml"), pool("chat", 9));
        source.scan();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(8);
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.errors().get(0))
                .isEqualTo("metadata.name: pool 'chat' is already defined by file:" + folder.resolve("a.yaml")));
        Files.delete(folder.resolve("a.yaml"));
        source.scan();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(9);
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void multiDocumentFileResolvesTheAgentClassReference() throws Exception {
        String cls = """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentClass
                metadata:
                  name: strict
                spec:
                  slo:
                    availabilityPercent: 99.9
                """;
        String p = pool("chat", 8).replace("spec:\n", "spec:\n  agentClassRef: strict\n");
        Files.writeString(folder.resolve("all.yaml"), p + "---\n" + cls);
        Files.writeString(folder.resolve("orphan.yaml"), pool("orphan", 3).replace("spec:\n",
                "spec:\n  agentClassRef: missing\n"));
        source.start(registry);
        assertThat(registry.pool("chat").orElseThrow().pool().slo().availabilityPercent()).isEqualTo(99.9);
        assertThat(registry.pool("chat").orElseThrow().origin().location()).endsWith("all.yaml#1");
        assertThat(registry.problems()).singleElement().satisfies(pr -> assertThat(pr.errors())
                .containsExactly("spec.agentClassRef: no AgentClass 'missing' in namespace 'default'"));
    }

    @Test
    void missingFolderServesNothingAndPicksUpTheFolderLater() throws Exception {
        Path later = folder.resolve("later");
        FilePoolSource s = new FilePoolSource(later, Duration.ofHours(1));
        s.start(registry);
        assertThat(registry.pools()).isEmpty();
        Files.createDirectory(later);
        Files.writeString(later.resolve("x.yaml"), pool("x", 2));
        s.scan();
        assertThat(registry.pools()).extracting(PoolEntry::name).containsExactly("x");
        s.close();
    }
}
