package io.neuronetes.service.testsupport;

import io.neuronetes.forecast.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}) for tests: a fresh data folder in a temporary
 * directory, history backfilled with {@code promtool tsdb create-blocks-from openmetrics}, a free loopback port,
 * no scrape targets. {@link #stop()} kills it (to test outages), {@link #restart()} brings it back on the same
 * port and data, {@link #close()} stops it and deletes the folder.
 *
 * <p>Prometheus serves only data inside its retention, so callers shift traces to end near the present (see
 * {@link Traces}); retention is set to ten years so that nothing backfilled is ever dropped.
 */
public final class RealPrometheus implements AutoCloseable {

    /** One series to backfill: metric name, labels, and values on a grid (NaN gaps are left out). */
    public record Series(String name, Map<String, String> labels, TimeSeries values) {
    }

    private static final String PROMETHEUS = "/usr/bin/prometheus";
    private static final String PROMTOOL = "/usr/bin/promtool";

    private final Path dir;
    private final int port;
    private Process process;

    private RealPrometheus(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Whether the binaries are installed (scripts/test.sh installs them). */
    public static boolean available() {
        return Files.isExecutable(Path.of(PROMETHEUS)) && Files.isExecutable(Path.of(PROMTOOL));
    }

    /** Backfills {@code series} into a fresh data folder and starts the server; returns once it is ready. */
    public static RealPrometheus start(List<Series> series) {
        try {
            Path dir = Files.createTempDirectory("prometheus-test");
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("prometheus.yml"),
                    "global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\n");
            if (!series.isEmpty()) {
                backfill(dir, series);
            }
            RealPrometheus p = new RealPrometheus(dir, freePort());
            p.launch();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian's promtool, for backfills and rule unit tests; see {@link #available()}. */
    public static Path promtool() {
        return Path.of(PROMTOOL);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Kills the server at once, as a crash would; the data folder stays. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the server again on the same port and data; returns once it is ready. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder(PROMETHEUS,
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--storage.tsdb.retention.time=3650d",
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()))
                    .start();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url().resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for prometheus", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("prometheus not ready after 60 s: " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void backfill(Path dir, List<Series> series) throws IOException {
        Path om = dir.resolve("history.om");
        try (Writer w = Files.newBufferedWriter(om, StandardCharsets.UTF_8)) {
            writeOpenMetrics(w, series);
        }
        Process p = new ProcessBuilder(PROMTOOL, "tsdb", "create-blocks-from", "openmetrics",
                "--max-block-duration=24h", om.toString(), dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("promtool failed: " + Files.readString(dir.resolve("promtool.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backfilling", e);
        }
        Files.delete(om);
    }

    /**
     * OpenMetrics as promtool wants it: the samples of one metric family together, each series in time order,
     * timestamps in seconds, {@code # EOF} last.
     */
    static void writeOpenMetrics(Writer w, List<Series> series) throws IOException {
        Map<String, List<Series>> families = new TreeMap<>();
        for (Series s : series) {
            families.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<Series>> f : families.entrySet()) {
            w.write("# TYPE " + f.getKey() + " gauge\n");
            for (Series s : f.getValue()) {
                String labels = s.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(","));
                String prefix = f.getKey() + (labels.isEmpty() ? "" : "{" + labels + "}") + " ";
                TimeSeries v = s.values();
                for (int i = 0; i < v.size(); i++) {
                    if (!Double.isNaN(v.value(i))) {
                        w.write(prefix + String.format(Locale.ROOT, "%s %d\n", v.value(i),
                                v.time(i).getEpochSecond()));
                    }
                }
            }
        }
        w.write("# EOF\n");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
