package io.neuronetes.service.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver};
 * scripts/test.sh installs both). Both paths are given explicitly, so Selenium Manager never looks for or downloads
 * a browser or driver. The browser starts with a fresh profile, no background networking and no component updates,
 * and records the DevTools network log so a test can list every request the page made.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Json JSON = new Json();

    private final Path profile;
    private final ChromeDriver driver;

    Browser(int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the page tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "); scripts/test.sh installs them");
        }
        try {
            profile = Files.createTempDirectory("nn-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1", "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        // Leave the start page (chrome:// URLs) so that the request log holds only what the tests load.
        driver.get("about:blank");
        requestedUrls();
        console();
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(URI url) {
        driver.get(url.toString());
    }

    /** Waits until the script returns true (a string of JavaScript that is an expression). */
    void waitFor(String expression, Duration timeout, String what) {
        new WebDriverWait(driver, timeout).withMessage(what)
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !!(" + expression
                        + ");")));
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    String text(String id) {
        Object t = js("const e = document.getElementById(arguments[0]); return e ? e.textContent : null;", id);
        return t == null ? null : t.toString().strip();
    }

    /** Saves a screenshot of the page as a PNG (a test artifact). */
    Path screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = driver.getScreenshotAs(OutputType.FILE).toPath();
            return Files.copy(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every URL the browser requested since the last call, from the DevTools network events. */
    @SuppressWarnings("unchecked")
    List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> m = JSON.toType(e.getMessage(), Map.class);
            Map<String, Object> message = (Map<String, Object>) m.get("message");
            if (message != null && "Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> params = (Map<String, Object>) message.get("params");
                urls.add(String.valueOf(((Map<String, Object>) params.get("request")).get("url")));
            }
        }
        return urls;
    }

    /** The browser console's messages since the last call. */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }
}
