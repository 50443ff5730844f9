package io.attnflow.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium and chromedriver (Debian's {@code chromium} and {@code chromium-driver}), driven headless by
 * Selenium. Selenium Manager never runs: both paths are set explicitly, since nothing may be downloaded here.
 * Without a browser the calling test is skipped locally and fails under {@code CI=true}.
 */
final class HeadlessChromium {

    private HeadlessChromium() {}

    /** Starts a fresh headless browser with its own profile; downloads go to {@code downloads}. */
    static ChromeDriver start(Path downloads) throws IOException {
        Optional<Path> browser = find("CHROMIUM_BIN", "chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = find("CHROMEDRIVER_BIN", "chromedriver");
        if (browser.isEmpty() || driver.isEmpty()) {
            String why =
                    "Chromium and chromedriver are needed for the browser tests: apt-get install chromium chromium-driver"
                            + " (or set CHROMIUM_BIN and CHROMEDRIVER_BIN)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(why);
            Assumptions.abort(why);
        }
        System.setProperty("webdriver.chrome.driver", driver.get().toString());
        Path profile = Files.createTempDirectory("attnflow-chromium-");
        Files.createDirectories(downloads);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1500,950",
                "--user-data-dir=" + profile);
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory",
                        downloads.toAbsolutePath().toString(),
                        "download.prompt_for_download",
                        false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return chrome;
    }

    /** An executable named by the environment variable, or the first of the names found on the PATH. */
    private static Optional<Path> find(String envVar, String... names) {
        String explicit = System.getenv(envVar);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String name : names) {
            for (String dir : List.of(path.split(File.pathSeparator))) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
