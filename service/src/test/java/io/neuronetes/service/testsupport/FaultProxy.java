package io.neuronetes.service.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small HTTP proxy on a free loopback port in front of a real server (a {@link RealPrometheus}), for fault
 * tests: it forwards GET requests as they are, or, by {@link Mode}, answers late, with a 5xx, with an empty or a
 * NaN result, or drops the connection. A hook sees each request before it is forwarded (to kill the server in the
 * middle of a query). Records the Authorization headers it was sent.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with the next requests. */
    public enum Mode {
        /** Forward and answer what the server answers. */
        PASS,
        /** Forward, but answer only after {@link #delay}. */
        SLOW,
        /** Answer 503 with Prometheus's error body, without asking the server. */
        UNAVAILABLE,
        /** Answer 500 with a body that is not JSON. */
        ERROR,
        /** Answer success with no series. */
        EMPTY,
        /** Answer success with NaN values. */
        NAN
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI target;
    private volatile Mode mode = Mode.PASS;
    private volatile Duration delay = Duration.ofSeconds(3);
    private volatile Consumer<URI> hook = u -> { };
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final AtomicInteger requests = new AtomicInteger();

    public FaultProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void mode(Mode m) {
        mode = m;
    }

    public void delay(Duration d) {
        delay = d;
    }

    /** Runs {@code h} with each request's URI before the request is forwarded; {@code null} removes it. */
    public void hook(Consumer<URI> h) {
        hook = h == null ? u -> { } : h;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        URI uri = ex.getRequestURI();
        try {
            hook.accept(uri);
            Mode m = mode;
            boolean range = uri.getPath().endsWith("/query_range");
            switch (m) {
                case UNAVAILABLE -> answer(ex, 503, "{\"status\":\"error\",\"errorType\":\"unavailable\","
                        + "\"error\":\"too many queries\"}");
                case ERROR -> answer(ex, 500, "<html>upstream proxy failure</html>");
                case EMPTY -> answer(ex, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\""
                        + (range ? "matrix" : "vector") + "\",\"result\":[]}}");
                case NAN -> answer(ex, 200, range
                        ? "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                                + "\"values\":[[1700000000,\"NaN\"]]}]}}"
                        : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                                + "\"value\":[1700000000,\"NaN\"]}]}}");
                default -> forward(ex, uri, m == Mode.SLOW);
            }
        } catch (RuntimeException | IOException e) {
            ex.close(); // the client sees the connection end, as with a crashed server
        }
    }

    private void forward(HttpExchange ex, URI uri, boolean slow) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(uri.toString())).timeout(Duration.ofSeconds(30))
                .GET();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (slow) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer(ex, r.statusCode(), r.body());
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        try {
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        } catch (IOException e) {
            // The client gave up (a timeout test): nothing to answer to.
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
