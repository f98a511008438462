package io.neuronetes.forecast.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.Synthetic;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileModelStoreTest {

    private static final TimeSeries SERIES = Synthetic.load(10, 30, 4);
    private static final ForestTrainer TRAINER = new ForestTrainer(ForestSettings.defaults().withTrees(10),
            FeatureSpec.defaults());
    private static ForecastModel model;

    @TempDir
    Path root;

    @BeforeAll
    static void train() {
        model = TRAINER.train(SERIES, SERIES.time(3 * 48), 4);
    }

    private static ModelMetadata metadata(String note) {
        return new ModelMetadata("pool-a", "tokens-in-queue", "FOREST", note, Instant.parse("2024-01-11T00:00:00Z"),
                SERIES.time(3 * 48), SERIES.end(), 1800, 4, 0, Map.of("trees", 10),
                FeatureSpec.defaults().toString(), FeatureSpec.defaults().hash(), Map.of("smile", "3.1.1"),
                Map.of("relMae", 0.61));
    }

    private static void assertSameForecasts(ForecastModel a, ForecastModel b) {
        Forecast fa = a.forecast(SERIES, SERIES.time(SERIES.size() - 1), 4);
        Forecast fb = b.forecast(SERIES, SERIES.time(SERIES.size() - 1), 4);
        for (int h = 1; h <= 4; h++) {
            assertThat(fb.point(h)).isEqualTo(fa.point(h));
            assertThat(fb.quantile(h, 0.995)).isEqualTo(fa.quantile(h, 0.995));
        }
    }

    @Test
    void roundTripKeepsModelAndMetadata() {
        FileModelStore store = new FileModelStore(root, 3);
        ModelStore.StoredModel saved = store.save("pool-a", "tokens-in-queue", model, metadata("first"));
        assertThat(saved.version()).isEqualTo("v000001");
        ModelStore.StoredModel back = store.loadLatest("pool-a", "tokens-in-queue").orElseThrow();
        assertThat(back.version()).isEqualTo("v000001");
        assertThat(back.metadata()).isEqualTo(metadata("first"));
        assertSameForecasts(model, back.model());
        assertThat(root.resolve("pool-a/tokens-in-queue/v000001/model.bin")).exists();
        assertThat(root.resolve("pool-a/tokens-in-queue/v000001/metadata.json")).content()
                .contains("\"modelSha256\"", "\"featureSpecHash\"", "\"trainedAt\" : \"2024-01-11T00:00:00Z\"");
    }

    @Test
    void keepsTheLastNVersionsAndLoadsTheNewest() {
        FileModelStore store = new FileModelStore(root, 2);
        for (int i = 1; i <= 4; i++) {
            store.save("pool-a", "tokens-in-queue", model, metadata("v" + i));
        }
        assertThat(store.versions("pool-a", "tokens-in-queue")).containsExactly("v000004", "v000003");
        assertThat(store.loadLatest("pool-a", "tokens-in-queue").orElseThrow().metadata().note()).isEqualTo("v4");
        assertThat(store.loadLatest("pool-a", "other-metric")).isEmpty();
    }

    /** Ways a newest version can be damaged; each must be skipped for the previous one. */
    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of("model truncated", (Damage) v -> truncate(v.resolve("model.bin"))),
                Arguments.of("model bytes flipped", (Damage) v -> flip(v.resolve("model.bin"))),
                Arguments.of("model missing", (Damage) v -> Files.delete(v.resolve("model.bin"))),
                Arguments.of("metadata not JSON", (Damage) v -> Files.writeString(v.resolve("metadata.json"), "{[")),
                Arguments.of("metadata empty", (Damage) v -> Files.write(v.resolve("metadata.json"), new byte[0])),
                Arguments.of("metadata missing", (Damage) v -> Files.delete(v.resolve("metadata.json"))),
                Arguments.of("model of another format", (Damage) v -> {
                    byte[] b = Files.readAllBytes(v.resolve("model.bin"));
                    b[7] = 9;
                    Files.write(v.resolve("model.bin"), b);
                    String json = Files.readString(v.resolve("metadata.json"));
                    Files.writeString(v.resolve("metadata.json"), json.replaceAll(
                            "\"modelSha256\" : \"[0-9a-f]+\"", "\"modelSha256\" : \"" + MetadataJson.sha256(b) + "\""));
                }));
    }

    @FunctionalInterface
    interface Damage {
        void apply(Path version) throws IOException;
    }

    private static void truncate(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
    }

    private static void flip(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x5A;
        Files.write(f, b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void corruptNewestVersionIsSkippedForThePreviousOne(String name, Damage damage) throws IOException {
        FileModelStore store = new FileModelStore(root, 5);
        store.save("pool-a", "tokens-in-queue", model, metadata("good"));
        store.save("pool-a", "tokens-in-queue", model, metadata("newest"));
        damage.apply(root.resolve("pool-a/tokens-in-queue/v000002"));
        ModelStore.StoredModel back = store.loadLatest("pool-a", "tokens-in-queue").orElseThrow();
        assertThat(back.version()).isEqualTo("v000001");
        assertThat(back.metadata().note()).isEqualTo("good");
    }

    @Test
    void onlyCorruptVersionsGiveEmptyNotACrash() throws IOException {
        FileModelStore store = new FileModelStore(root, 5);
        store.save("pool-a", "tokens-in-queue", model, metadata("only"));
        truncate(root.resolve("pool-a/tokens-in-queue/v000001/model.bin"));
        assertThat(store.loadLatest("pool-a", "tokens-in-queue")).isEmpty();
    }

    @Test
    void halfWrittenTemporaryFolderIsInvisibleAndNumberingContinues() throws IOException {
        FileModelStore store = new FileModelStore(root, 5);
        store.save("pool-a", "tokens-in-queue", model, metadata("complete"));
        // what a crash between writing model.bin and the rename leaves behind
        Path tmp = Files.createDirectories(root.resolve("pool-a/tokens-in-queue/.tmp-crashed"));
        Files.write(tmp.resolve("model.bin"), new byte[] {1, 2, 3});
        assertThat(store.versions("pool-a", "tokens-in-queue")).containsExactly("v000001");
        assertThat(store.loadLatest("pool-a", "tokens-in-queue").orElseThrow().metadata().note())
                .isEqualTo("complete");
        assertThat(store.save("pool-a", "tokens-in-queue", model, metadata("next")).version()).isEqualTo("v000002");
    }

    @Test
    void aSaveThatFailsNamesTheFolderAndTheReason() throws IOException {
        // a file where the metric's folder should be (not a permission: the tests run as root)
        Path folder = Files.createDirectories(root.resolve("pool-a")).resolve("tokens-in-queue");
        Files.writeString(folder, "not a folder");
        FileModelStore store = new FileModelStore(root, 5);
        assertThatThrownBy(() -> store.save("pool-a", "tokens-in-queue", model, metadata("x")))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot save the model of pool-a/tokens-in-queue in " + folder + ": File exists");
        // under a file, the failing path is the first one that could not be created
        Path under = Files.writeString(root.resolve("plain"), "not a folder");
        assertThatThrownBy(() -> new FileModelStore(under, 5).save("pool-a", "tokens-in-queue", model,
                metadata("x"))).hasMessage("cannot save the model of pool-a/tokens-in-queue in "
                        + under.resolve("pool-a/tokens-in-queue") + ": Not a directory (" + under.resolve("pool-a")
                        + ")");
    }

    @Test
    void invalidNamesAreRefused() {
        FileModelStore store = new FileModelStore(root, 5);
        assertThatThrownBy(() -> store.save("../etc", "m", model, metadata("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid pool or metric name");
        assertThatThrownBy(() -> store.loadLatest("pool", "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileModelStore(root, 0)).hasMessageContaining("keep must be >= 1");
    }

    @Test
    void sameDataAndSeedGiveTheSameModelBytes() {
        byte[] a = ModelCodec.serialize(TRAINER.train(SERIES, SERIES.time(3 * 48), 4));
        byte[] b = ModelCodec.serialize(TRAINER.train(SERIES, SERIES.time(3 * 48), 4));
        byte[] other = ModelCodec.serialize(new ForestTrainer(ForestSettings.defaults().withTrees(10).withSeed(1),
                FeatureSpec.defaults()).train(SERIES, SERIES.time(3 * 48), 4));
        assertThat(b).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void libraryVersionsNameSmileAndJava() {
        assertThat(ModelMetadata.libraryVersions()).containsEntry("java", System.getProperty("java.version"));
        // filled in from the build's smile.version when the resources are processed
        assertThat(ModelMetadata.libraryVersions().get("smile")).matches("\\d+\\.\\d+\\.\\d+");
    }
}
