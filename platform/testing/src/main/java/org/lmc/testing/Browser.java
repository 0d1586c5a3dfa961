package org.lmc.testing;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The one way the page tests drive a browser: headless Chromium through chromedriver, both found on the PATH (Debian:
 * {@code apt-get install chromium chromium-driver}) or named by {@code LMC_TEST_CHROMIUM} and {@code LMC_TEST_CHROMEDRIVER}.
 * Register it as a static JUnit extension: one browser per test class, started on first use, a screenshot of the
 * page after every test in {@code target/screenshots/<class>.<test>.png}, and closed after the class.
 * {@link #assertAccessible} runs an axe-core scan (WCAG 2.1 A and AA rules) and fails on serious or critical violations.
 */
public final class Browser implements AfterEachCallback, AfterAllCallback {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private WebDriver driver;

    public static Browser headless() {
        return new Browser();
    }

    /** The browser, started on first use (one per test class). */
    public synchronized WebDriver driver() {
        if (driver == null) {
            driver = start();
        }
        return driver;
    }

    /** Opens {@code url} and returns the driver. */
    public WebDriver open(String url) {
        WebDriver d = driver();
        d.get(url);
        return d;
    }

    /**
     * Clicks {@code element} (a link, a submit button) and waits until the next page has replaced this one and loaded: a
     * click returns before the navigation it starts ends, and a busy machine makes the old page linger.
     */
    public void clickToNavigate(WebElement element) {
        navigateBy(element::click);
    }

    /**
     * Runs {@code action} (a click, Enter on a focused link) and waits until the page it leads to has replaced this one
     * and loaded. The old page's window carries a mark; a navigation brings a new window without it. (Asking an element
     * of the old page whether it went stale races the swap: Chromium can answer "node does not belong to the document"
     * instead of "stale", which failed a CI run.)
     */
    public void navigateBy(Runnable action) {
        WebDriver d = driver();
        JavascriptExecutor js = (JavascriptExecutor) d;
        js.executeScript("window.lmcPageBeforeNavigation = true");
        action.run();
        new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(w -> Boolean.TRUE.equals(js.executeScript(
                "return window.lmcPageBeforeNavigation === undefined && document.readyState === 'complete'")));
    }

    /** Saves the page as it looks now to {@code target/screenshots/<name>.png}; returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            // The whole page, not only the window: grow the window to the page's height for the shot, then restore it.
            WebDriver d = driver();
            Dimension window = d.manage().window().getSize();
            Object height = ((JavascriptExecutor) d).executeScript("return document.documentElement.scrollHeight");
            int pageHeight = height instanceof Number n ? Math.min(n.intValue() + 140, 12_000) : window.getHeight();
            d.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(), pageHeight)));
            File shot = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE);
            d.manage().window().setSize(window);
            Path target = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scans the open page with axe-core (WCAG 2.0/2.1 A and AA rules); fails listing every serious or critical violation. */
    public void assertAccessible() {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver());
        if (results.isErrored()) {
            throw new AssertionError("axe-core could not scan " + driver().getCurrentUrl() + ": " + results.getErrorMessage());
        }
        List<Rule> serious = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact())).toList();
        if (!serious.isEmpty()) {
            throw new AssertionError("accessibility violations on " + driver().getCurrentUrl() + ":\n" + serious.stream()
                    .map(v -> "- " + v.getImpact() + " " + v.getId() + ": " + v.getHelp() + " at " + v.getNodes().stream()
                            .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("\n")));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (driver != null) {
            screenshot(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Quits the browser (a check that is not a test class, such as the end-to-end suite's steps, closes it itself). */
    public synchronized void close() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    private static WebDriver start() {
        Path chromium = executable("LMC_TEST_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        Path chromedriver = executable("LMC_TEST_CHROMEDRIVER", "chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--lang=en-US", "--no-first-run", "--disable-extensions", "--disable-background-networking");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                .withSilent(true).build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chrome;
    }

    private static Path executable(String variable, String... names) {
        Optional<Path> named = Optional.ofNullable(System.getenv(variable)).filter(v -> !v.isBlank()).map(Path::of);
        if (named.isPresent()) {
            return named.get();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .flatMap(dir -> Stream.of(names).map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("the page tests need " + names[0] + " on the PATH (or " + variable
                        + "): on Debian or Ubuntu, apt-get install chromium chromium-driver"));
    }
}
