package io.neuronetes.service.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP server on a free loopback port that answers every request with what {@code answer} returns for its
 * URI, and records the URIs and Authorization headers it was sent. For tests of the client against canned bodies.
 */
final class CannedPrometheus implements AutoCloseable {

    /** A canned answer: status, body, and a delay before answering in milliseconds. */
    record Answer(int status, String body, long delayMs) {
        static Answer ok(String body) {
            return new Answer(200, body, 0);
        }
    }

    final List<URI> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    CannedPrometheus(Function<URI, Answer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            Answer a = answer.apply(exchange.getRequestURI());
            try {
                Thread.sleep(a.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(b);
                }
            } catch (IOException e) {
                // The client gave up (timeout test); nothing to answer to.
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A successful vector answer with one sample per value, each value as Prometheus writes it. */
    static String vector(String... values) {
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 0; i < values.length; i++) {
            b.append(i > 0 ? "," : "").append("{\"metric\":{\"pool\":\"p\",\"instance\":\"i").append(i)
                    .append("\"},\"value\":[1700000000,\"").append(values[i]).append("\"]}");
        }
        return b.append("]}}").toString();
    }
}
