package io.neuronetes.service.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Time from {@code java -jar} to the first preview with a forecast on the embedded default (a fresh model store,
 * so the bundled pool trains at start-up). Needs the packaged jar ({@code mvn package -DskipTests} first). Baseline
 * in the same run: the time until the HTTP server answers {@code /q/health/ready}. Prints figures.
 */
@Tag("benchmark")
class StartupBenchmark {

    static final Path JAR = Path.of("target/neuronetes-service-0.1.0-SNAPSHOT-runner.jar");

    @Test
    void javaJarToFirstForecast() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "package the service first: mvn package -DskipTests");
        int runs = Integer.getInteger("bench.startup.runs", 1);
        for (int i = 0; i < runs; i++) {
            once();
        }
    }

    private static void once() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path models = Files.createTempDirectory("startup-models");
        Path log = Files.createTempFile("startup", ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("java", "-Dquarkus.http.port=" + port, "-Dneuronetes.models.folder=" + models,
                "-Dneuronetes.pools.folder=" + models.resolve("none"), "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            double up = -1;
            double forecast = -1;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (System.nanoTime() < deadline && forecast < 0 && p.isAlive()) {
                double s = (System.nanoTime() - t0) / 1e9;
                if (up < 0 && status(c, "http://127.0.0.1:" + port + "/q/health/ready") == 200) {
                    up = s;
                }
                if (up >= 0) {
                    String body = body(c, "http://127.0.0.1:" + port + "/api/v1/pools/demo-nasa/forecast");
                    if (body.contains("\"points\":[{")) {
                        forecast = s;
                    }
                }
                Thread.sleep(200);
            }
            System.out.printf("java -jar to HTTP ready: %.1f s; to the first preview with a forecast: %.1f s%n", up,
                    forecast);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int status(HttpClient c, String url) {
        try {
            return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(HttpClient c, String url) {
        try {
            return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
