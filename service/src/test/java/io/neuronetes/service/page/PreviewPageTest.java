package io.neuronetes.service.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The preview page at {@code /} in headless Chromium against the running service (the embedded default: the
 * bundled pool replaying its trace). Screenshots go to {@code target/page/}.
 */
@QuarkusTest
class PreviewPageTest {

    static final String POOL = "demo-nasa";
    static final Path SHOTS = Path.of("target", "page");
    /** The demo pool trains at start-up; the page is checked once its model serves forecasts. */
    static final Duration MODEL_WAIT = Duration.ofMinutes(4);

    static Browser browser;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser(1400, 1500);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void chartShowsHistoryForecastBandAndPlannedReplicas() throws InterruptedException {
        JsonPath api = waitForForecast();
        awaitDecisions(2); // Lines need two points: runs come every 30 s.
        browser.open(URI.create(base.toString()));
        browser.waitFor("document.body.dataset.state === 'ready' && document.querySelector('#chart-load canvas')"
                + " && document.querySelector('#chart-replicas canvas')", Duration.ofSeconds(20),
                "the page did not render the pool");
        browser.screenshot(SHOTS.resolve("preview.png"));

        assertThat(browser.driver().getCurrentUrl()).endsWith("?pool=" + POOL); // The first pool is chosen.
        assertThat(browser.js("return document.getElementById('pool').value")).isEqualTo(POOL);
        assertThat(legend("chart-load")).contains("history", "forecast", "80% band low", "80% band high",
                "planning quantile");
        assertThat(legend("chart-replicas")).contains("serving target", "provisioned", "warm", "reactive asks",
                "forecast asks");
        // The canvases are transparent: the history line is opaque slate, the forecast opaque orange, its 80% band
        // the same orange at 16% opacity (alpha about 41 of 255), the serving target opaque blue.
        assertThat(pixels("chart-load", 51, 65, 85, 200, 255)).as("history line pixels").isGreaterThan(100);
        assertThat(pixels("chart-load", 234, 88, 12, 200, 255)).as("forecast line pixels").isGreaterThan(50);
        assertThat(pixels("chart-load", 234, 88, 12, 30, 55)).as("80% band fill pixels").isGreaterThan(500);
        assertThat(pixels("chart-replicas", 234, 88, 12, 200, 255)).as("forecast asks pixels").isPositive();
        assertThat(legendValue("chart-load", "forecast")).matches("[\\d,.]+");
        assertThat(legendValue("chart-load", "80% band high")).matches("[\\d,.]+");
        // Provisioned (teal) is drawn over the serving target (blue) where they are equal: one of them shows.
        assertThat(pixels("chart-replicas", 37, 99, 235, 200, 255) + pixels("chart-replicas", 15, 118, 110, 200, 255))
                .as("serving target and provisioned line pixels").isPositive();
        // What the replicas chart plots last (now) is the plan the cards show, read in one go.
        @SuppressWarnings("unchecked")
        List<Number> plotted = (List<Number>) browser.js("const d = NN.charts.replicas.plot.data;"
                + "const last = ys => { for (let i = ys.length - 1; i >= 0; i--) { if (ys[i] !== null) return ys[i]; }"
                + "  return null; };"
                + "const t = id => Number(document.getElementById(id).textContent);"
                + "return [last(d[1]), t('desired'), last(d[2]), t('provisioned'), last(d[3]), t('warm'),"
                + "  d[1].filter(v => v !== null).length];");
        assertThat(plotted.get(0)).as("serving target plotted now").isEqualTo(plotted.get(1));
        assertThat(plotted.get(2)).as("provisioned plotted now").isEqualTo(plotted.get(3));
        assertThat(plotted.get(4)).as("warm plotted now").isEqualTo(plotted.get(5));
        assertThat(plotted.get(6).intValue()).as("serving target points: decisions and now").isGreaterThanOrEqualTo(3);
        assertThat(legendValue("chart-load", "history")).matches("[\\d,.]+");

        // The numbers of the preview as the API gives them.
        for (String id : List.of("desired", "serving", "warm", "starting", "provisioned", "reactive")) {
            assertThat(browser.text(id)).as(id).matches("\\d+");
        }
        assertThat(Integer.parseInt(browser.text("provisioned"))).isEqualTo(Integer.parseInt(browser.text("serving"))
                + Integer.parseInt(browser.text("warm")) + Integer.parseInt(browser.text("starting")));
        assertThat(browser.text("confidence")).matches("\\d\\.\\d\\d");
        assertThat(browser.text("gate")).startsWith(api.getBoolean("gateOpen") ? "Gate passes" : "Gate closed");
        assertThat(browser.text("model")).startsWith("model ");
        assertThat(browser.text("schedule")).isEqualTo(api.getString("schedule.name"));
        assertThat(browser.text("readings")).contains("concurrent-sessions");
        assertThat(browser.text("reasons")).contains(api.getString("decision.reasons[0].code"));

        String first = browser.text("updated");
        browser.waitFor("document.getElementById('updated').textContent !== " + quote(first),
                Duration.ofSeconds(15), "the page did not refresh itself");

        assertOnlyLoopback();
        assertThat(browser.console()).as("browser console").noneMatch(m -> m.startsWith("SEVERE"));
    }

    /**
     * The API gives null for what is absent: a reactive count when no metric had a value, predicted replicas when the
     * forecast is not used. The page's previews are made so (its API client wrapped), and it shows dashes and leaves
     * the prediction out of the merge inputs, never "null" or "-1".
     */
    @Test
    void absentInputsShowAsAbsent() {
        browser.open(URI.create(base + "?pool=" + POOL));
        browser.waitFor("document.body.dataset.state === 'ready'", Duration.ofSeconds(20),
                "the page did not render the pool");
        browser.js("const get = NN.get; NN.get = async (path) => { const r = await get(path);"
                + " if (path.endsWith('/forecast')) {"
                + "   r.body.reactive.replicas = null; r.body.decision.predicted = null; }"
                + " if (path.includes('/decisions')) {"
                + "   r.body.forEach(d => { d.inputs.reactive = null; d.inputs.predicted = null; }); }"
                + " return r; };");
        // The demo pool always has a reading: "no value" shows only once a wrapped preview is rendered.
        browser.waitFor("document.getElementById('plan-inputs').textContent.includes('no value')",
                Duration.ofSeconds(20), "the page did not refresh with absent inputs");
        String inputs = browser.text("plan-inputs");
        assertThat(inputs).contains("reactive no value").doesNotContain("null", "-1", "predicted");
        assertThat(browser.text("reactive")).isEqualTo("–");
        assertThat(browser.console()).as("browser console").noneMatch(m -> m.startsWith("SEVERE"));
    }

    @Test
    void unknownPoolShowsAClearMessage() {
        browser.open(URI.create(base + "?pool=nope"));
        browser.waitFor("document.body.dataset.state === 'unknown-pool'", Duration.ofSeconds(20),
                "the page did not report the unknown pool");
        String message = browser.text("message");
        assertThat(message).contains("Unknown pool", "nope", "Pools served", POOL);
        assertThat(browser.js("return document.getElementById('content').hidden")).isEqualTo(true);
        browser.screenshot(SHOTS.resolve("unknown-pool.png"));
        assertOnlyLoopback();
    }

    @Test
    void shadowViewShowsBothPoliciesSideBySide() {
        // A link with &shadow=1 opens the pool with its one-day shadow replay (the API test may have cached it).
        browser.open(URI.create(base + "?pool=" + POOL + "&shadow=1"));
        browser.waitFor("document.body.dataset.shadow === 'done' || document.body.dataset.shadow === 'failed'",
                Duration.ofMinutes(6), "the shadow replay did not finish");
        assertThat(browser.text("shadow-status")).startsWith("Prediction would have");
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) browser.js("return Array.from(document.querySelectorAll("
                + "'#shadow-table tr')).map(r => Array.from(r.children).map(c => c.textContent.trim()));");
        assertThat(rows.get(0)).containsExactly("", "Prediction on", "Prediction off", "Oracle");
        assertThat(rows).extracting(r -> r.get(0)).contains("Violated minutes (load above ready capacity)",
                "GPU-hours", "Cost vs oracle");
        JsonPath api = given().get("/api/v1/pools/" + POOL + "/shadow?days=1").then().statusCode(200).extract()
                .jsonPath();
        List<String> gpu = rows.stream().filter(r -> r.get(0).equals("GPU-hours")).findFirst().orElseThrow();
        assertThat(gpu.get(1)).isEqualTo(oneDecimal(api.getDouble("predictive.gpuHours")));
        assertThat(gpu.get(2)).isEqualTo(oneDecimal(api.getDouble("reactive.gpuHours")));
        List<String> violated = rows.get(1);
        assertThat(violated.get(1)).startsWith(api.getInt("predictive.violatedSteps") + " min");
        assertThat(violated.get(2)).startsWith(api.getInt("reactive.violatedSteps") + " min");
        // One row per replayed day, with the model that forecast it as the API names it
        @SuppressWarnings("unchecked")
        List<List<String>> days = (List<List<String>>) browser.js("return Array.from(document.querySelectorAll("
                + "'#shadow-days-table tbody tr')).map(r => Array.from(r.children).map(c => c.textContent.trim()));");
        assertThat(days).hasSize(1);
        assertThat(days.get(0).get(1)).isEqualTo(api.getInt("predictive.days[0].violatedSteps") + " min");
        assertThat(days.get(0).get(2)).isEqualTo(api.getInt("reactive.days[0].violatedSteps") + " min");
        assertThat(days.get(0).get(5)).isEqualTo(api.getString("predictive.days[0].model")).startsWith("forest of ");
        assertThat(legend("chart-shadow")).contains("needed (load / target)", "prediction on", "prediction off");
        assertThat(pixels("chart-shadow", 37, 99, 235, 200, 255)).as("prediction-on line pixels").isGreaterThan(100);
        assertThat(pixels("chart-shadow", 190, 18, 60, 200, 255)).as("prediction-off line pixels").isGreaterThan(100);
        browser.js("document.getElementById('shadow').scrollIntoView()");
        browser.screenshot(SHOTS.resolve("shadow.png"));
        assertOnlyLoopback();
    }

    private static String oneDecimal(double v) {
        return String.format(java.util.Locale.US, "%,.1f", v).replaceAll("\\.0$", "");
    }

    /** Every request the page made, by the DevTools log and by the page's own resource timing, went to loopback. */
    private void assertOnlyLoopback() {
        List<String> requested = browser.requestedUrls();
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) browser.js(
                "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
        assertThat(requested).as("DevTools network log").isNotEmpty();
        assertThat(resources).as("resource timing").anyMatch(u -> u.contains("/webjars/uplot/"));
        for (String url : concat(requested, resources)) {
            String scheme = URI.create(url).getScheme();
            if (scheme.equals("data") || scheme.equals("about") || scheme.equals("blob")) {
                continue; // Made inside the browser, not sent anywhere.
            }
            assertThat(scheme).as(url).isIn("http", "https", "ws", "wss");
            assertThat(URI.create(url).getHost()).as(url).isIn("localhost", "127.0.0.1", "[::1]");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Waits until the preview API serves forecast points (the demo pool's first training has finished). */
    private static JsonPath waitForForecast() throws InterruptedException {
        long deadline = System.nanoTime() + MODEL_WAIT.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().get("/api/v1/pools/" + POOL + "/forecast").then().statusCode(200).extract().jsonPath();
            if (!last.getList("points").isEmpty() && !last.getList("history").isEmpty()) {
                return last;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no forecast for " + POOL + " within " + MODEL_WAIT + ": "
                + (last == null ? "" : last.getString("note")));
    }

    /** Waits until the pool has made at least {@code n} decisions. */
    private static void awaitDecisions(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (given().get("/api/v1/pools/" + POOL + "/decisions").then().statusCode(200).extract().jsonPath()
                .getList("$").size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(POOL + " made fewer than " + n + " decisions in 90 s");
            }
            Thread.sleep(500);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> legend(String chart) {
        return (List<String>) browser.js("return Array.from(document.querySelectorAll('#' + arguments[0]"
                + " + ' .u-legend .u-series .u-label')).map(e => e.textContent);", chart);
    }

    private static String legendValue(String chart, String label) {
        return String.valueOf(browser.js("const rows = Array.from(document.querySelectorAll('#' + arguments[0]"
                + " + ' .u-legend .u-series'));"
                + "const r = rows.find(x => x.querySelector('.u-label').textContent === arguments[1]);"
                + "return r ? r.querySelector('.u-value').textContent : null;", chart, label));
    }

    /** Pixels of the chart's canvas of an RGB colour (within 3 per channel) with an alpha in [minA, maxA]. */
    private static long pixels(String chart, int r, int g, int b, int minA, int maxA) {
        Object n = browser.js("const c = document.querySelector('#' + arguments[0] + ' canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 0; i < d.length; i += 4) {"
                + "  if (d[i + 3] >= arguments[4] && d[i + 3] <= arguments[5] && Math.abs(d[i] - arguments[1]) <= 3"
                + "      && Math.abs(d[i + 1] - arguments[2]) <= 3 && Math.abs(d[i + 2] - arguments[3]) <= 3) { n++; } }"
                + "return n;", chart, r, g, b, minA, maxA);
        return ((Number) n).longValue();
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
