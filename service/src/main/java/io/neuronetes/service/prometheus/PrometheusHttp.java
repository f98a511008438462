package io.neuronetes.service.prometheus;

import io.neuronetes.forecast.io.FileErrors;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The HTTP side of the Prometheus API: GET requests with a timeout, an optional bearer token, and retries with
 * exponential backoff for transient failures (connection errors, timeouts, 5xx, 429). 4xx answers are final: the
 * query or the credentials are wrong and asking again will not help. A failure without an answer names the server
 * ({@code Prometheus http://prometheus:9090 unreachable: ConnectException (after 3 attempts)}), so that a wrong or
 * unreachable URL shows in the outcomes, the status and the {@code train} command without looking it up.
 *
 * <p>A server that could not be reached on any attempt of a request (refused, reset, timed out) is not asked again
 * for the next step of the backoff ({@code backoff * 2^retries}, 2 s with the defaults): requests in that time fail
 * at once with the last failure. After it, one request at a time tries the server, and the others keep failing at
 * once until it answers. Without this, every scaling run of every pool would spend the whole retry sequence (and,
 * for a server that hangs, every timeout) during an outage, and the run threads would fall behind every pool's
 * period. Any answer that arrives, of any status, ends it. Thread-safe.
 */
public final class PrometheusHttp {

    /** An HTTP answer (any status) or a transport failure after all attempts. */
    public record Response(int status, String body, String failure) {

        /** Whether a response arrived (of any status). */
        public boolean arrived() {
            return failure == null;
        }
    }

    /** Where the bearer token comes from: nothing, a fixed value, or a file re-read per request. */
    public record Auth(Optional<String> token, Optional<Path> tokenFile) {

        public static Auth none() {
            return new Auth(Optional.empty(), Optional.empty());
        }

        /**
         * The token to send now.
         *
         * @throws IOException whose message names the token file and why it cannot be read
         */
        Optional<String> current() throws IOException {
            if (tokenFile.isPresent()) {
                Path file = tokenFile.get();
                try {
                    return Optional.of(Files.readString(file).strip());
                } catch (IOException e) {
                    throw new IOException("bearer token file " + file + ": cannot read: "
                            + FileErrors.cause(e, file), e);
                }
            }
            return token;
        }
    }

    private final URI base;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final Auth auth;
    private final HttpClient client;
    private final Sleeper sleeper;
    private final LongSupplier nanos;
    private final Duration holdOff;
    /** The failure that made the server unreachable; null while it answers. */
    private volatile String unreachable;
    private volatile long retryAfterNanos;
    private final AtomicBoolean probing = new AtomicBoolean();

    /** Waits between attempts; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * @param base    the server's base URL (paths such as {@code /api/v1/query} are appended)
     * @param timeout per attempt, connect and answer
     * @param retries attempts after the first
     * @param backoff wait before the first retry, doubled each time
     */
    public PrometheusHttp(URI base, Duration timeout, int retries, Duration backoff, Auth auth) {
        this(base, timeout, retries, backoff, auth, d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    PrometheusHttp(URI base, Duration timeout, int retries, Duration backoff, Auth auth, Sleeper sleeper,
            LongSupplier nanos) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.auth = auth;
        this.sleeper = sleeper;
        this.nanos = nanos;
        this.holdOff = backoff.multipliedBy(1L << Math.min(retries, 20));
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The base URL, for logs (never holds credentials: configuration refuses them). */
    public URI base() {
        return base;
    }

    /**
     * GETs {@code path} with the form-encoded {@code params}, retrying transient failures; fails at once while the
     * server is known to be unreachable (see the class comment). Never throws.
     */
    public Response get(String path, Map<String, String> params) {
        Optional<String> token;
        try {
            token = auth.current(); // once per request: a file that cannot be read is not retried
        } catch (IOException e) {
            // No request goes out: the token file is at fault, not the server, which is not held off for it.
            return new Response(-1, "", e.getMessage());
        }
        String down = unreachable;
        if (down == null) {
            return attempts(path, params, token);
        }
        long wait = retryAfterNanos - nanos.getAsLong();
        if (wait > 0 || !probing.compareAndSet(false, true)) {
            return new Response(-1, "", down + " (not asked again " + (wait > 0 ? "for " + (wait + 999_999)
                    / 1_000_000 + " ms" : "while another request tries it") + ")");
        }
        try {
            return attempts(path, params, token);
        } finally {
            probing.set(false);
        }
    }

    private Response attempts(String path, Map<String, String> params, Optional<String> token) {
        Response r = retried(path, params, token);
        if (r.arrived()) {
            unreachable = null;
        } else if (!r.failure().startsWith("interrupted")) {
            retryAfterNanos = nanos.getAsLong() + holdOff.toNanos();
            unreachable = r.failure();
        }
        return r;
    }

    private Response retried(String path, Map<String, String> params, Optional<String> token) {
        URI uri = URI.create(base + path + "?" + encode(params));
        Response last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0 && !pause(backoff.multipliedBy(1L << Math.min(attempt - 1, 20)))) {
                return new Response(-1, "", "interrupted while waiting to retry; last: " + describe(last));
            }
            last = once(uri, token);
            if (!transient_(last)) {
                return last;
            }
        }
        if (retries > 0 && !last.arrived()) {
            return new Response(-1, "", last.failure() + " (after " + (retries + 1) + " attempts)");
        }
        return last;
    }

    private Response once(URI uri, Optional<String> token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("Accept", "application/json");
            token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), null);
        } catch (HttpTimeoutException e) {
            return new Response(-1, "", "Prometheus " + base + " timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Response(-1, "", "Prometheus " + base + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "", "interrupted");
        }
    }

    private static boolean transient_(Response r) {
        if (!r.arrived()) {
            return !r.failure().equals("interrupted");
        }
        return r.status() >= 500 || r.status() == 429;
    }

    private boolean pause(Duration d) {
        try {
            sleeper.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(Response r) {
        return r == null ? "none" : r.arrived() ? "HTTP " + r.status() : r.failure();
    }

    private static String encode(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
