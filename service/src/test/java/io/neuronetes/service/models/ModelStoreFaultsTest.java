package io.neuronetes.service.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.store.FileModelStore;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.pools.YamlDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model store failing under a retrain: a disk that fills up and a file system that turns read-only (a real
 * 64 KiB tmpfs, mounted by the test where it may mount, else skipped), and model files truncated or replaced with
 * garbage. In every case the serving model stays, nothing half-written is left or loaded, and the next retrain
 * once the disk is back succeeds.
 */
class ModelStoreFaultsTest {

    static final Instant NOW = Instant.parse("2024-03-20T12:00:00Z");
    static final Duration STEP = Duration.ofMinutes(1);
    static final String METRIC = "concurrent-sessions";

    /** History on the minute grid from a function of the minute of the day, with seeded noise. */
    static final class Synthetic implements MetricsSource {
        final DoubleUnaryOperator level;

        Synthetic(DoubleUnaryOperator level) {
            this.level = level;
        }

        @Override
        public String name() {
            return "synthetic";
        }

        @Override
        public MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at) {
            return MetricOutcome.empty("not used");
        }

        @Override
        public MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration step) {
            int n = (int) (Duration.between(start, end).toMillis() / step.toMillis()) + 1;
            double[] v = new double[n];
            Random noise = new Random(start.getEpochSecond());
            for (int i = 0; i < n; i++) {
                double minuteOfDay = start.plus(step.multipliedBy(i)).getEpochSecond() / 60 % 1440;
                v[i] = Math.max(0, level.applyAsDouble(minuteOfDay) + noise.nextGaussian() * 3);
            }
            return MetricOutcome.value(TimeSeries.of(start, step, v));
        }
    }

    /** The service's model holder, reduced to a map. */
    static final class Holder implements RetrainJob.Serving {
        final Map<String, ServingModel> models = new ConcurrentHashMap<>();

        @Override
        public Optional<ServingModel> serving(String pool) {
            return Optional.ofNullable(models.get(pool));
        }

        @Override
        public void serve(String pool, ServingModel model, TimeSeries history) {
            models.put(pool, model);
        }
    }

    static final AgentPool POOL = new AgentPoolParser().parse(YamlDocuments.read("""
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata: {name: chat}
            spec:
              autoscaling:
                metrics:
                  - {type: concurrent-sessions, target: "10", averagingWindow: 1m}
                predictive: {enabled: true, lookbackWindow: 3d, horizonMinutes: 10}
            """).documents().get(0)).orThrow();

    static final ForestTrainer TRAINER = new ForestTrainer(ForestSettings.defaults().withTrees(4),
            FeatureSpec.defaults());
    static final DoubleUnaryOperator DAILY = m -> 100 + 60 * Math.sin(2 * Math.PI * m / 1440);

    @TempDir
    Path tmp;
    Path disk;
    boolean mounted;
    final Holder holder = new Holder();

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", disk.toString());
        }
    }

    static boolean run(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no such command
        }
    }

    /** Serves a model fitted on a flat load far from the one retrains see, so that a candidate replaces it. */
    ServingModel serveAPoorModel() {
        RetrainJob job = new RetrainJob(new Synthetic(m -> 400), new FileModelStore(tmp.resolve("first"), 5), holder,
                TRAINER, STEP);
        RetrainOutcome o = job.retrain(POOL, NOW.minus(Duration.ofDays(1)));
        assertThat(o.status()).as(o.message()).isEqualTo(RetrainOutcome.Status.TRAINED);
        return holder.models.get("chat");
    }

    RetrainJob onDisk() {
        return new RetrainJob(new Synthetic(DAILY), new FileModelStore(disk.resolve("models"), 5), holder, TRAINER,
                STEP);
    }

    /** Everything in the store's folder of the pool's metric: versions, temporary folders, stray files. */
    List<Path> leftovers() throws IOException {
        Path dir = disk.resolve("models/chat/" + METRIC);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aFullDiskFailsTheRetrainAndTheServingModelStays() throws Exception {
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
        ServingModel before = serveAPoorModel();
        Path filler = disk.resolve("filler");
        Files.write(filler, new byte[60 * 1024]); // leaves about 4 KiB: less than a model

        RetrainOutcome full = onDisk().retrain(POOL, NOW);

        assertThat(full.status()).isEqualTo(RetrainOutcome.Status.FAILED);
        assertThat(full.message()).contains("store:").contains("No space left on device")
                .contains("the previous model keeps serving");
        assertThat(holder.models.get("chat")).isSameAs(before);
        assertThat(leftovers()).as("nothing half-written is left").isEmpty();
        assertThat(new FileModelStore(disk.resolve("models"), 5).loadLatest("chat", METRIC)).isEmpty();

        Files.delete(filler); // the disk has room again: the next retrain saves and serves
        RetrainOutcome next = onDisk().retrain(POOL, NOW);
        assertThat(next.status()).as(next.message()).isEqualTo(RetrainOutcome.Status.TRAINED);
        assertThat(holder.models.get("chat").version()).isEqualTo("v000001");
        assertThat(new FileModelStore(disk.resolve("models"), 5).loadLatest("chat", METRIC)).isPresent();
    }

    @Test
    void aReadOnlyDiskFailsTheRetrainAndTheServingModelStays() throws Exception {
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
        ServingModel before = serveAPoorModel();
        Files.createDirectories(disk.resolve("models/chat/" + METRIC));
        assertThat(run("mount", "-o", "remount,ro", disk.toString())).as("remount read-only").isTrue();
        RetrainOutcome ro;
        try {
            ro = onDisk().retrain(POOL, NOW);
        } finally {
            assertThat(run("mount", "-o", "remount,rw", disk.toString())).as("remount read-write").isTrue();
        }
        assertThat(ro.status()).isEqualTo(RetrainOutcome.Status.FAILED);
        assertThat(ro.message()).contains("store:").contains("Read-only file system")
                .contains("the previous model keeps serving");
        assertThat(holder.models.get("chat")).isSameAs(before);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aStoreThatCannotBeWrittenFailsTheRetrainNamingTheFolderAndTheReason() throws Exception {
        // a file where the metric's folder should be: refused by the file system whoever runs the test
        ServingModel before = serveAPoorModel();
        Path folder = Files.createDirectories(tmp.resolve("blocked/chat")).resolve(METRIC);
        Files.writeString(folder, "not a folder");
        RetrainJob job = new RetrainJob(new Synthetic(DAILY), new FileModelStore(tmp.resolve("blocked"), 5), holder,
                TRAINER, STEP);
        RetrainOutcome o = job.retrain(POOL, NOW);
        assertThat(o.status()).isEqualTo(RetrainOutcome.Status.FAILED);
        assertThat(o.message()).isEqualTo("store: cannot save the model of chat/" + METRIC + " in " + folder
                + ": File exists; the previous model keeps serving");
        assertThat(holder.models.get("chat")).isSameAs(before);
    }

    @Test
    void aDamagedNewestModelIsNeverLoadedThePreviousOneServes() throws Exception {
        Path root = tmp.resolve("store");
        RetrainJob job = new RetrainJob(new Synthetic(DAILY), new FileModelStore(root, 5), holder, TRAINER, STEP);
        assertThat(job.retrain(POOL, NOW.minus(Duration.ofDays(1))).status()).isEqualTo(RetrainOutcome.Status.TRAINED);
        holder.models.clear(); // so that the second retrain saves without comparing
        assertThat(job.retrain(POOL, NOW).status()).isEqualTo(RetrainOutcome.Status.TRAINED);
        Path v2 = root.resolve("chat/" + METRIC + "/v000002");
        byte[] model = Files.readAllBytes(v2.resolve("model.bin"));
        String metadata = Files.readString(v2.resolve("metadata.json"));
        Random r = new Random(1);
        for (String damage : List.of("truncated", "garbage", "garbage metadata", "missing model")) {
            Files.write(v2.resolve("model.bin"), model);
            Files.writeString(v2.resolve("metadata.json"), metadata);
            holder.models.clear();
            assertThat(job.loadServing(POOL)).isTrue();
            assertThat(holder.models.get("chat").version()).as("intact").isEqualTo("v000002");
            switch (damage) {
                case "truncated" -> Files.write(v2.resolve("model.bin"), Arrays.copyOf(model, model.length / 2));
                case "garbage" -> {
                    byte[] g = new byte[model.length];
                    r.nextBytes(g);
                    Files.write(v2.resolve("model.bin"), g);
                }
                case "garbage metadata" -> Files.writeString(v2.resolve("metadata.json"), "{\"trainedAt\": [garb");
                default -> Files.delete(v2.resolve("model.bin"));
            }
            holder.models.clear(); // a restart: the holder is empty and loads from the store
            assertThat(job.loadServing(POOL)).as(damage).isTrue();
            assertThat(holder.models.get("chat").version()).as(damage).isEqualTo("v000001");
        }
    }
}
