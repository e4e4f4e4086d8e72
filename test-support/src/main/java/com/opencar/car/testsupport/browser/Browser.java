package com.opencar.car.testsupport.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.awaitility.Awaitility.await;

/**
 * Headless Chromium from the Debian packages {@code chromium} and {@code chromium-driver}
 * ({@code .ci/run} installs them). Without them the browser tests are skipped on a
 * developer's machine but fail in CI ({@code CI=true}), where they must run. Needs
 * {@code selenium-chrome-driver} on the class path, which this module leaves to its
 * users.
 */
public final class Browser {

	private static final List<String> BINARIES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

	private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** The window, and so the screenshots: a common laptop screen. */
	public static final int WIDTH = 1440;

	public static final int HEIGHT = 900;

	private Browser() {
	}

	/**
	 * @return a new headless browser
	 */
	public static ChromeDriver start() {
		String binary = first(BINARIES);
		String driver = first(DRIVERS);
		if (binary == null || driver == null) {
			String missing = "Chromium and its driver are not installed (apt-get install chromium chromium-driver)";
			if (System.getenv("CI") != null || Boolean.getBoolean("car.tools.required")) {
				throw new IllegalStateException(missing + ": the browser tests must run in CI");
			}
			Assumptions.abort(missing);
		}
		ChromeOptions options = new ChromeOptions().setBinary(binary)
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
					"--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
			.usingAnyFreePort()
			.build();
		ChromeDriver browser = new ChromeDriver(service, options);
		// the window size includes what the browser draws around the page: make the page
		// itself WIDTH × HEIGHT
		long inner = ((Number) browser.executeScript("return window.innerHeight")).longValue();
		browser.manage().window().setSize(new Dimension(WIDTH, (int) (HEIGHT + HEIGHT - inner)));
		return browser;
	}

	/**
	 * Signs in at the development issuer: opens the dashboard, which sends the browser to
	 * the issuer's sign-in page, fills it in, and waits until the issuer has sent it
	 * back.
	 * @param browser the browser
	 * @param dashboard the dashboard's URL
	 * @param issuer the issuer's URL, as the browser reaches it
	 * @param user one of the issuer's users (operator, viewer, admin; password dev)
	 */
	public static void signIn(ChromeDriver browser, String dashboard, String issuer, String user) {
		browser.get(dashboard);
		await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().startsWith(issuer + "/login"));
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys("dev");
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		// back at the dashboard (Spring Security marks the resumed request "?continue")
		await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().startsWith(dashboard));
	}

	/**
	 * Makes the pages see a time zone other than the machine's, as a viewer elsewhere
	 * would.
	 * @param browser the browser
	 * @param zone an IANA time zone, such as {@code Asia/Kolkata}
	 */
	public static void timeZone(ChromeDriver browser, String zone) {
		browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
	}

	/**
	 * Saves what the browser shows under {@code target/screenshots}, the test's artifact.
	 * @param browser the browser
	 * @param name the picture's name
	 * @return its file
	 */
	public static Path screenshot(ChromeDriver browser, String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path target = SCREENSHOTS.resolve(name + ".png");
			Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String first(List<String> candidates) {
		return candidates.stream().filter((path) -> new File(path).canExecute()).findFirst().orElse(null);
	}

}
