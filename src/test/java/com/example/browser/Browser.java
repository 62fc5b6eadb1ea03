package com.example.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium session (Debian's {@code chromium} and {@code chromium-driver}, which
 * .ci/install-prerequisites.sh installs) with a fresh profile. Browser tests need one: locally they are skipped
 * without it, under {@code CI=true} a missing browser fails the build.
 */
public final class Browser implements AutoCloseable {

    /** Debian's browser, or {@code CHROME_BIN} (GitHub's runners have Google Chrome at /usr/bin/google-chrome). */
    static final Path CHROMIUM = Path.of(Objects.requireNonNullElse(System.getenv("CHROME_BIN"), "/usr/bin/chromium"));
    /** Debian's driver, or the one in {@code CHROMEWEBDRIVER}, the directory GitHub's runners name for theirs. */
    static final Path CHROMEDRIVER = System.getenv("CHROMEWEBDRIVER") == null ? Path.of("/usr/bin/chromedriver")
            : Path.of(System.getenv("CHROMEWEBDRIVER"), "chromedriver");
    /** Headless, and nothing that reaches out to Google's services: the test machines have no internet. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a lookup waits for an element to appear: Swagger UI renders once it has fetched the document. */
    private static final Duration ELEMENT_TIMEOUT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing; .ci/install-prerequisites.sh installs chromium and chromium-driver");
        }
        Assumptions.assumeTrue(installed, "no " + CHROMIUM + " and " + CHROMEDRIVER + "; browser tests skipped");
        Path profile = createProfile();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(FLAGS)
                .addArguments("--user-data-dir=" + profile);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT).implicitlyWait(ELEMENT_TIMEOUT);
        return new Browser(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Navigates and returns the page's title. */
    public String open(String url) {
        driver.get(url);
        return driver.getTitle();
    }

    /**
     * Calls {@code fetch(url, init)} from the page that is open and returns what a script can read of the answer, or
     * the error fetch rejected with.
     *
     * @param init fetch's options: {@code method}, {@code headers}, {@code body}
     */
    public Fetched fetch(String url, Map<String, Object> init) {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const [url, init, done] = arguments;
                fetch(url, init).then(
                    async answer => done({status: answer.status, contentType: answer.headers.get('Content-Type'),
                                          requestId: answer.headers.get('X-Request-Id'), body: await answer.text()}),
                    error => done({error: String(error)}));
                """, url, init);
        return new Fetched(result.get("status") == null ? 0 : ((Number) result.get("status")).intValue(),
                (String) result.get("contentType"), (String) result.get("requestId"), (String) result.get("body"),
                (String) result.get("error"));
    }

    /** What a script read of an answer; {@code error} is set instead when fetch rejected. */
    public record Fetched(int status, String contentType, String requestId, String body, String error) {
    }

    /** The console errors logged since the last call: the driver hands each message out once. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
