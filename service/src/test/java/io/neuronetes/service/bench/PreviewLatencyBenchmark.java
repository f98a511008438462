package io.neuronetes.service.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuronetes.service.testsupport.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Preview latency with a warm model at {@code bench.preview.connections} concurrent connections (default 50;
 * Debian's wrk, two threads), against a real Prometheus. A computed preview reads the live signal (an instant query),
 * brings the history up to date (a range query) and forecasts; other requests within {@code neuronetes.api.preview-reuse}
 * get it again while the pool is unchanged ({@code -Dneuronetes.api.preview-reuse=0s} computes every request).
 * Baseline in the same run: {@code /q/health/live}, the framework's floor. Prints figures; asserts nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = PreviewResource.class, restrictToAnnotatedClass = true)
@Tag("benchmark")
class PreviewLatencyBenchmark {

    static final String TOKEN = "test-token-0123456789abcdef";

    @TestHTTPResource("/")
    URL base;

    static final int CONNECTIONS = Integer.getInteger("bench.preview.connections", 50);

    @Test
    void previewUnderLoad() throws Exception {
        assumeTrue(RealPrometheus.available() && Wrk.available(), "needs prometheus, promtool and wrk");
        given().header("Authorization", "Bearer " + TOKEN).post("/api/v1/pools/nasa/retrain").then().statusCode(202);
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline && given().get("/api/v1/pools/nasa").then().extract()
                .path("training.outcome") == null) {
            Thread.sleep(500);
        }
        String preview = base + "api/v1/pools/nasa/forecast";
        int points = given().get(preview).then().statusCode(200).extract().path("points.size()");
        System.out.println("warm model: preview has " + points + " forecast points");
        int c = CONNECTIONS;
        System.out.println("load average before: " + ManyPoolsBenchmark.loadAverage());
        Wrk.run(preview, c, 5); // warm-up: JIT, connections
        String health = Wrk.run(base + "q/health/live", c, 20);
        String report = Wrk.run(preview, c, 20);
        // One connection: the service time of a request without queueing behind the others.
        String single = Wrk.run(preview, 1, 10);
        String singleHealth = Wrk.run(base + "q/health/live", 1, 10);
        System.out.println("=== baseline /q/health/live, " + c + " connections, 20 s\n" + health);
        System.out.println("=== preview /api/v1/pools/nasa/forecast, " + c + " connections, 20 s\n" + report);
        System.out.println("=== preview, 1 connection, 10 s\n" + single);
        System.out.println("=== baseline, 1 connection, 10 s\n" + singleHealth);
        System.out.println(c + " connections: preview p50 " + Wrk.percentile(report, "50%") + ", p99 "
                + Wrk.percentile(report, "99%") + "; baseline p99 " + Wrk.percentile(health, "99%"));
        System.out.println("1 connection: preview p50 " + Wrk.percentile(single, "50%") + ", p99 "
                + Wrk.percentile(single, "99%") + "; baseline p99 " + Wrk.percentile(singleHealth, "99%"));
        System.out.println("load average after: " + ManyPoolsBenchmark.loadAverage());
    }
}
