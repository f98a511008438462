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

    /** Two scans, as a file's new text needs to apply: both read the same text. */
    void scanTwice() {
        source.scan();
        source.scan();
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
        scanTwice();
        Files.writeString(chat, pool("chat", 12));
        scanTwice();
        Files.writeString(chat, "spec: [");
        scanTwice();
        assertThat(registry.pools()).extracting(PoolEntry::name).containsExactly("chat"); // kept, see below
        Files.writeString(chat, pool("chat", 12));
        scanTwice();
        Files.delete(chat);
        scanTwice();
        assertThat(events).containsExactly("upserted chat max=8", "upserted chat max=12", "removed chat");
        assertThat(registry.problems()).isEmpty();
    }

    /** Keeps one {@link io.neuronetes.service.runs.PoolRuntime} per served pool, as the service's scaler does. */
    final java.util.Map<String, io.neuronetes.service.runs.PoolRuntime> runtimes = new java.util.HashMap<>();

    void keepRuntimes() {
        registry.addListener(new PoolRegistry.Listener() {
            @Override
            public void upserted(PoolEntry e) {
                runtimes.computeIfAbsent(e.name(), n -> new io.neuronetes.service.runs.PoolRuntime(e, 10)).entry(e);
            }

            @Override
            public void removed(String name) {
                runtimes.remove(name);
            }
        });
    }

    @Test
    void anEditThatBreaksAPoolFileKeepsThePoolAtItsLastValidVersionUntilTheFileIsFixed() throws Exception {
        keepRuntimes();
        Path chat = folder.resolve("chat.yaml");
        Files.writeString(chat, pool("chat", 8));
        source.start(registry);
        var runtime = runtimes.get("chat");

        // A YAML syntax error (a ConfigMap half written, a typo): the pool runs on at max 8, its runtime untouched.
        Files.writeString(chat, pool("chat", 12).replace("maxReplicas: 12", "maxReplicas: [12"));
        scanTwice();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(8);
        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo(PoolOrigin.file(chat));
            assertThat(p.errors()).singleElement().asString().startsWith("line ").contains(", column ");
        });
        // A readable file whose spec is invalid: refused the same way.
        Files.writeString(chat, pool("chat", 12).replace("minReplicas: 1", "minReplicas: -1"));
        scanTwice();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(8);
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.errors())
                .singleElement().asString().startsWith("spec.minReplicas:"));
        assertThat(runtimes.get("chat")).isSameAs(runtime);

        // Fixed: the new version replaces the kept one as any edit does, on the same runtime.
        Files.writeString(chat, pool("chat", 12));
        scanTwice();
        assertThat(registry.problems()).isEmpty();
        assertThat(runtimes.get("chat")).isSameAs(runtime);
        assertThat(runtime.entry().pool().maxReplicas()).isEqualTo(12);

        // Deleted while broken: removed.
        Files.writeString(chat, "spec: [");
        scanTwice();
        Files.delete(chat);
        scanTwice();
        assertThat(registry.pools()).isEmpty();
        assertThat(registry.problems()).isEmpty();
        assertThat(events).containsExactly("upserted chat max=8", "upserted chat max=12", "removed chat");
    }

    @Test
    void aBrokenDocumentKeepsItsPoolWhileTheOtherDocumentsOfItsFileUpdate() throws Exception {
        keepRuntimes();
        Path all = folder.resolve("all.yaml");
        Files.writeString(all, pool("chat", 8) + "---\n" + pool("web", 4));
        source.start(registry);
        var chat = runtimes.get("chat");
        var web = runtimes.get("web");

        // chat's document invalid (a cron the parser refuses), web's changed: chat kept, web updated.
        Files.writeString(all, pool("chat", 9).replace("averagingWindow: 30s", """
                averagingWindow: 30s
                    predictive:
                      schedules:
                        - {name: morning, cron: "0 25 * * *", replicas: 3}""") + "---\n" + pool("web", 6));
        scanTwice();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(8);
        assertThat(registry.pool("web").orElseThrow().pool().maxReplicas()).isEqualTo(6);
        assertThat(registry.problems()).singleElement().satisfies(p -> {
            assertThat(p.origin().location()).isEqualTo(all + "#1");
            assertThat(p.errors()).singleElement().asString()
                    .startsWith("spec.autoscaling.predictive.schedules[0].cron:");
        });

        // The whole file unreadable: both kept, each reported with the line and column of the error.
        Files.writeString(all, pool("chat", 8) + "---\n" + pool("web", 7) + "  broken: [\n");
        scanTwice();
        assertThat(registry.pools()).extracting(e -> e.name() + "=" + e.pool().maxReplicas())
                .containsExactly("chat=8", "web=6");
        assertThat(registry.problems()).extracting(p -> p.origin().location()).containsExactly(all + "#1",
                all + "#2");
        assertThat(registry.problems()).allSatisfy(p -> assertThat(p.errors()).singleElement().asString()
                .startsWith("line ").contains(", column "));

        Files.writeString(all, pool("chat", 10) + "---\n" + pool("web", 7));
        scanTwice();
        assertThat(registry.pools()).extracting(e -> e.name() + "=" + e.pool().maxReplicas())
                .containsExactly("chat=10", "web=7");
        assertThat(registry.problems()).isEmpty();
        assertThat(runtimes).containsEntry("chat", chat).containsEntry("web", web);
        assertThat(events).containsExactly("upserted chat max=8", "upserted web max=4", "upserted web max=6",
                "upserted chat max=10", "upserted web max=7");
    }

    @Test
    void aFileReadCutBetweenItsDocumentsRemovesNoPool() throws Exception {
        keepRuntimes();
        Path all = folder.resolve("all.yaml");
        String whole = pool("chat", 8) + "---\n" + pool("web", 4);
        Files.writeString(all, whole);
        source.start(registry);
        var chat = runtimes.get("chat");
        var web = runtimes.get("web");

        // Read while half written: valid YAML holding the first document only.
        Files.writeString(all, pool("chat", 8));
        source.scan();
        assertThat(registry.pools()).extracting(e -> e.name() + "@" + e.origin().location())
                .containsExactly("chat@" + all + "#1", "web@" + all + "#2");
        assertThat(registry.problems()).isEmpty();

        Files.writeString(all, whole);
        source.scan();
        source.scan();
        assertThat(runtimes).containsOnlyKeys("chat", "web").containsEntry("chat", chat).containsEntry("web", web);
        assertThat(registry.problems()).isEmpty();
        assertThat(events).containsExactly("upserted chat max=8", "upserted web max=4");
    }

    @Test
    void aFileEmptiedForARewriteRemovesNoPool() throws Exception {
        Path chat = folder.resolve("chat.yaml");
        Path all = folder.resolve("all.yaml");
        Files.writeString(chat, pool("chat", 8));
        Files.writeString(all, pool("web", 4) + "---\n" + pool("search", 2));
        source.start(registry);

        // Truncated by the editor or a > redirection, read before the new text is written.
        Files.writeString(chat, "");
        Files.writeString(all, "");
        source.scan();
        assertThat(registry.pools()).extracting(PoolEntry::name).containsExactlyInAnyOrder("chat", "web", "search");

        // The rewrite changes a pool: applied as any edit.
        Files.writeString(chat, pool("chat", 9));
        Files.writeString(all, pool("web", 4) + "---\n" + pool("search", 2));
        source.scan();
        source.scan();
        assertThat(registry.problems()).isEmpty();
        assertThat(events).containsExactlyInAnyOrder("upserted chat max=8", "upserted web max=4",
                "upserted search max=2", "upserted chat max=9");
    }

    @Test
    void aDocumentStillMissingAtTheNextScanIsRemoved() throws Exception {
        keepRuntimes();
        Path all = folder.resolve("all.yaml");
        Path solo = folder.resolve("solo.yaml");
        Files.writeString(all, pool("chat", 8) + "---\n" + pool("web", 4));
        Files.writeString(solo, pool("search", 2));
        source.start(registry);
        var chat = runtimes.get("chat");

        Files.writeString(all, pool("chat", 8));
        Files.writeString(solo, "");
        // Modified an hour ago, so that the next scan finds them unchanged and does not read them again.
        var earlier = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(all, earlier);
        Files.setLastModifiedTime(solo, earlier);
        source.scan();
        assertThat(registry.pools()).extracting(PoolEntry::name).containsExactlyInAnyOrder("chat", "web", "search");
        // The same text at the next scan: web and search go.
        source.scan();
        assertThat(registry.pools()).extracting(e -> e.name() + "@" + e.origin().location())
                .containsExactly("chat@" + all); // the file's only document now
        assertThat(runtimes).containsOnlyKeys("chat").containsEntry("chat", chat);
        assertThat(registry.problems()).isEmpty();
        assertThat(events).filteredOn(e -> e.startsWith("removed")).containsExactlyInAnyOrder("removed web",
                "removed search");
    }

    /** The spec with {@code maxReplicas} last, so that a read cut inside its number is still a valid spec. */
    static String maxLast(String name, String max) {
        return """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata:
                  name: %s
                spec:
                  minReplicas: 1
                  autoscaling:
                    metrics:
                      - {type: tokens-in-queue, target: "1000", averagingWindow: 30s}
                  maxReplicas: %s""".formatted(name, max);
    }

    @Test
    void aFileReadCutInsideADocumentIsNotAppliedUntilAScanReadsItAgain() throws Exception {
        Path chat = folder.resolve("chat.yaml");
        Files.writeString(chat, maxLast("chat", "12"));
        source.start(registry);

        // Read while the writer is between "1" and "2" of "maxReplicas: 12": a valid spec with a maximum of 1.
        Files.writeString(chat, maxLast("chat", "1"));
        source.scan();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(12);
        Files.writeString(chat, maxLast("chat", "12"));
        source.scan();
        source.scan();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(12);

        // The same text read by two scans is an edit: applied.
        Files.writeString(chat, maxLast("chat", "1"));
        source.scan();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(12);
        source.scan();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(1);
        assertThat(registry.problems()).isEmpty();
        assertThat(events).containsExactly("upserted chat max=12", "upserted chat max=1");
    }

    @Test
    void aFileHalfWrittenIntoBadYamlRaisesNoProblemWhenTheNextScanReadsItWhole() throws Exception {
        Path chat = folder.resolve("chat.yaml");
        Files.writeString(chat, pool("chat", 8));
        source.start(registry);
        Files.writeString(chat, pool("chat", 12).replace("target: \"1000\"", "target: \"10"));
        source.scan();
        assertThat(registry.problems()).isEmpty();
        Files.writeString(chat, pool("chat", 12));
        source.scan();
        source.scan();
        assertThat(registry.problems()).isEmpty();
        assertThat(events).containsExactly("upserted chat max=8", "upserted chat max=12");
    }

    @Test
    void aFileAddedAfterTheFirstScanIsServedOnceTwoScansReadItTheSame() throws Exception {
        source.start(registry);
        Files.writeString(folder.resolve("chat.yaml"), pool("chat", 8));
        source.scan();
        assertThat(registry.pools()).isEmpty();
        source.scan();
        assertThat(registry.pools()).extracting(PoolEntry::name).containsExactly("chat");
    }

    @Test
    void aDeletedFileRemovesItsPoolsAtOnce() throws Exception {
        Path all = folder.resolve("all.yaml");
        Files.writeString(all, pool("chat", 8) + "---\n" + pool("web", 4));
        source.start(registry);
        Files.delete(all);
        source.scan();
        assertThat(registry.pools()).isEmpty();
        assertThat(events).containsExactlyInAnyOrder("upserted chat max=8", "upserted web max=4", "removed chat",
                "removed web");
    }

    @Test
    void aDocumentThatNoLongerNamesThePoolRemovesItEvenWhenInvalid() throws Exception {
        Path chat = folder.resolve("chat.yaml");
        Files.writeString(chat, pool("chat", 8));
        source.start(registry);
        Files.writeString(chat, pool("chat-v2", 8).replace("minReplicas: 1", "minReplicas: -1"));
        scanTwice();
        assertThat(registry.pools()).isEmpty();
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.name()).contains("chat-v2"));
        // Named chat again, still invalid: the version forgotten is not brought back.
        Files.writeString(chat, pool("chat", 8).replace("minReplicas: 1", "minReplicas: -1"));
        scanTwice();
        assertThat(registry.pools()).isEmpty();
        assertThat(events).containsExactly("upserted chat max=8", "removed chat");
    }

    @Test
    void aKeptPoolShowsWhichVersionIsServedAndWhyTheNewerOneWasRefused() throws Exception {
        Path chat = folder.resolve("chat.yaml");
        Files.writeString(chat, pool("chat", 8));
        source.start(registry);
        assertThat(registry.refused("chat")).isEmpty();
        String served = YamlDocuments.revision(YamlDocuments.read(pool("chat", 8)).documents().get(0));
        Files.writeString(chat, pool("chat", 12).replace("minReplicas: 1", "minReplicas: -1"));
        scanTwice();
        PoolProblem refused = registry.refused("chat").orElseThrow();
        assertThat(refused.servedRevision()).contains(served);
        assertThat(refused.name()).contains("chat");
        assertThat(refused.errors()).singleElement().asString().startsWith("spec.minReplicas:");
        assertThat(registry.problems()).containsExactly(refused);

        Files.writeString(chat, "spec: [");
        scanTwice();
        assertThat(registry.refused("chat").orElseThrow().servedRevision()).contains(served);
        assertThat(registry.refused("chat").orElseThrow().kind()).isEmpty(); // unreadable

        // After a restart the last valid version is not known: reported, not served.
        PoolRegistry restarted = new PoolRegistry();
        try (FilePoolSource again = new FilePoolSource(folder, Duration.ofHours(1))) {
            again.start(restarted);
        }
        assertThat(restarted.pools()).isEmpty();
        assertThat(restarted.problems()).singleElement().satisfies(p -> {
            assertThat(p.servedRevision()).isEmpty();
            assertThat(p.errors()).singleElement().asString().startsWith("line 1, column ");
        });
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
        scanTwice();
        assertThat(invalidSeries(metrics)).hasSize(3).allSatisfy(line -> assertThat(line).endsWith(" 1.0"))
                .anySatisfy(line -> assertThat(line).contains("dup.yaml"))
                .anySatisfy(line -> assertThat(line).contains("unreadable.yaml"));
        for (String f : bad) {
            Files.delete(folder.resolve(f));
        }
        scanTwice();
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
        scanTwice();
        assertThat(registry.pool("chat").orElseThrow().pool().maxReplicas()).isEqualTo(8);
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.errors().get(0))
                .isEqualTo("metadata.name: pool 'chat' is already defined by file:" + folder.resolve("a.yaml")));
        Files.delete(folder.resolve("a.yaml"));
        scanTwice();
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
        s.scan(); // a new file's text applies once two scans read it the same
        assertThat(registry.pools()).extracting(PoolEntry::name).containsExactly("x");
        s.close();
    }
}
