package io.neuronetes.forecast.store;

import io.neuronetes.forecast.ForecastModel;
import io.neuronetes.forecast.io.FileErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link ModelStore} in a folder (default {@code models/}):
 * {@code <root>/<pool>/<metric>/v<000001>/} holds {@code model.bin} (the serialized model) and
 * {@code metadata.json} (the provenance, plus the SHA-256 of {@code model.bin}).
 *
 * <p>A version is first written into a hidden temporary folder beside the versions, flushed to disk, then renamed
 * into place in one atomic step, so readers see either no version or a complete one; stale temporary folders of a
 * crashed write are ignored and removed by the next save. After a save, versions beyond the newest {@code keep} are
 * deleted. Loading tries versions newest first and skips, with a logged reason, any whose metadata does not parse,
 * whose model's checksum does not match, or whose model does not deserialize.
 */
public final class FileModelStore implements ModelStore {

    private static final System.Logger LOG = System.getLogger(FileModelStore.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern VERSION = Pattern.compile("v(\\d{6,})");
    static final String MODEL_FILE = "model.bin";
    static final String METADATA_FILE = "metadata.json";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final long STALE_TEMP_MILLIS = 3_600_000;

    private final Path root;
    private final int keep;

    /**
     * @param root the store's folder (created when needed)
     * @param keep how many versions to keep per pool and metric, &gt;= 1
     */
    public FileModelStore(Path root, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        this.root = root;
        this.keep = keep;
    }

    /** A store in {@code models/} keeping the last 5 versions. */
    public static FileModelStore defaults() {
        return new FileModelStore(Path.of("models"), 5);
    }

    @Override
    public StoredModel save(String pool, String metric, ForecastModel model, ModelMetadata metadata) {
        Path dir = folder(pool, metric);
        try {
            Files.createDirectories(dir);
            removeStaleTemps(dir);
            byte[] bytes = ModelCodec.serialize(model);
            Path tmp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
            Files.createDirectory(tmp);
            try {
                AtomicFiles.writeSynced(tmp.resolve(MODEL_FILE), bytes);
                AtomicFiles.writeSynced(tmp.resolve(METADATA_FILE), MetadataJson.write(metadata, bytes));
                String version = nextVersion(dir);
                Files.move(tmp, dir.resolve(version), StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.syncDirectory(dir);
                prune(dir);
                return new StoredModel(version, model, metadata);
            } finally {
                AtomicFiles.deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model of " + pool + "/" + metric + " in " + dir + ": "
                    + FileErrors.cause(e, dir), e);
        }
    }

    @Override
    public Optional<StoredModel> loadLatest(String pool, String metric) {
        Path dir = folder(pool, metric);
        for (String version : versions(pool, metric)) {
            Path v = dir.resolve(version);
            try {
                byte[] json = Files.readAllBytes(v.resolve(METADATA_FILE));
                MetadataJson.Parsed parsed = MetadataJson.read(json);
                byte[] bytes = Files.readAllBytes(v.resolve(MODEL_FILE));
                String sum = MetadataJson.sha256(bytes);
                if (!sum.equals(parsed.modelSha256())) {
                    throw new IOException(MODEL_FILE + " checksum " + sum + " does not match the metadata's "
                            + parsed.modelSha256() + " (truncated or corrupt)");
                }
                return Optional.of(new StoredModel(version, ModelCodec.deserialize(bytes), parsed.metadata()));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping model version " + v + ": " + reason(e));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> versions(String pool, String metric) {
        return versionsIn(folder(pool, metric));
    }

    private static List<String> versionsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> VERSION.matcher(n).matches())
                    .sorted(Comparator.comparingLong(FileModelStore::number).reversed()).toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list model versions in " + dir + ": "
                    + FileErrors.cause(e, dir));
            return List.of();
        }
    }

    private Path folder(String pool, String metric) {
        for (String n : List.of(pool, metric)) {
            if (!NAME.matcher(n).matches() || n.equals(".") || n.equals("..")) {
                throw new IllegalArgumentException("invalid pool or metric name \"" + n
                        + "\": use 1-128 letters, digits, '.', '_' or '-'");
            }
        }
        return root.resolve(pool).resolve(metric);
    }

    private static String reason(Exception e) {
        if (e instanceof IOException io) {
            return FileErrors.cause(io);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static long number(String version) {
        return Long.parseLong(version.substring(1));
    }

    private String nextVersion(Path dir) throws IOException {
        long max = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (String n : s.map(p -> p.getFileName().toString()).toList()) {
                if (VERSION.matcher(n).matches()) {
                    max = Math.max(max, number(n));
                }
            }
        }
        return String.format("v%06d", max + 1);
    }

    private void prune(Path dir) throws IOException {
        List<String> all = new ArrayList<>(versionsIn(dir));
        for (String old : all.subList(Math.min(keep, all.size()), all.size())) {
            AtomicFiles.deleteTree(dir.resolve(old));
        }
    }

    /** Removes temporary folders left by crashed saves (older than an hour, so a save in progress is spared). */
    private static void removeStaleTemps(Path dir) throws IOException {
        long cutoff = System.currentTimeMillis() - STALE_TEMP_MILLIS;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
    }
}
