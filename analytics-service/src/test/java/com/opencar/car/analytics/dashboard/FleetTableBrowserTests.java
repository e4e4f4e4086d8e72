package com.opencar.car.analytics.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.analytics.DevIssuerServer;
import com.opencar.car.analytics.StoreViews;
import com.opencar.car.common.registry.CredentialsStatus;
import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.browser.Browser;
import com.opencar.car.testsupport.security.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet table in Chromium with 10,000 cars: searched by VIN or name, filtered, sorted
 * and paged by the database; the alert feed filtered by type; times in the viewer's zone
 * with UTC on hover.
 */
@AnalyticsIntegrationTest
class FleetTableBrowserTests {

	private static final int CARS = 10_000;

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	/** Seen last at a known instant: 10:00 UTC is 15:30 in Kolkata (UTC+5:30). */
	private static final Instant KNOWN = Instant.parse("2026-12-01T10:00:00Z");

	private static StoreViews views;

	private static ChromeDriver browser;

	private static final List<VehicleId> vins = new ArrayList<>();

	@LocalServerPort
	private int port;

	private static boolean signedIn;

	private static List<VehicleRegistration> registrations;

	private static String bootstrapServers;

	/**
	 * Car {@code i} (by VIN order): online unless {@code i % 3 == 0}, charging if
	 * {@code i % 5 == 0}, charge {@code i % 100} %, speed {@code i % 130} km/h; every
	 * 100th has an alert, every 500th a registered name "Courier …".
	 */
	@BeforeAll
	static void seedTheFleet(TestPostgres postgres, TestKafka kafka) {
		views = StoreViews.create(postgres);
		views.clear();
		Instant now = Instant.now();
		List<Object[]> rows = new ArrayList<>();
		List<VehicleRegistration> named = new ArrayList<>();
		for (int i = 0; i < CARS; i++) {
			VehicleId vin = VehicleId.of("FLEET%012d".formatted(i));
			vins.add(vin);
			Instant seen = (i == 7) ? KNOWN : now.minusSeconds(i);
			String signals = String.format(Locale.ROOT, """
					{"Vehicle.Speed": %d, "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": %d,
					 "Vehicle.Powertrain.TractionBattery.Charging.IsCharging": %b,
					 "Vehicle.CurrentLocation.Latitude": %.5f, "Vehicle.CurrentLocation.Longitude": %.5f}""", i % 130,
					i % 100, i % 5 == 0, 52.40 + (i % 97) * 0.0025, 13.20 + (i % 89) * 0.0045);
			rows.add(new Object[] { vin.value(), i % 3 != 0, utc(seen), utc(seen), utc(seen), 1L, signals });
			if (i % 500 == 0) {
				named.add(new VehicleRegistration(vin, "fleet-a", "Test model", "Courier " + i,
						CredentialsStatus.ACTIVE, false, now));
			}
		}
		views.jdbc().batchUpdate("""
				insert into vehicle_state_v1 (vin, online, connectivity_changed_at, last_seen_at, last_sample_at,
				last_seq, signals) values (?, ?, ?, ?, ?, ?, ?::jsonb)
				""", rows);
		for (int i = 0; i < CARS; i += 100) {
			// a second apart, so the feed's newest twenty hold both types
			views.alert(vins.get(i).value(), (i % 200 == 0) ? "OVERSPEED" : "LOW_BATTERY", "WARNING",
					now.minusSeconds(60 + i / 100));
		}
		registrations = named;
		bootstrapServers = kafka.bootstrapServers();
		DevIssuerServer.start();
		browser = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void openTheFleetPage() {
		if (!signedIn) {
			// once the service runs, which creates the registry's topic
			TestRegistry.register(bootstrapServers, registrations);
			Browser.signIn(browser, url("/"), DevIssuerServer.url(), "operator");
			signedIn = true;
		}
		browser.get(url("/"));
		awaitInfo("1–50 of 10000 · page 1 of 200");
	}

	@Test
	void pagesThroughTenThousandCarsFiftyAtATime() {
		assertThat(vinsShown()).hasSize(50).first().isEqualTo(vins.get(0).value());
		click(By.id("page-next"));
		awaitInfo("51–100 of 10000 · page 2 of 200");
		assertThat(vinsShown()).hasSize(50).first().isEqualTo(vins.get(50).value());
		click(By.id("page-previous"));
		awaitInfo("1–50 of 10000 · page 1 of 200");
		// the page's fragment is one query: how long it took, for the record
		Object millis = browser.executeScript("""
				const t = performance.getEntriesByType('resource').filter((e) => e.name.includes('/ui/fleet/vehicles'));
				return t.length ? Math.round(t[t.length - 1].duration) : null;""");
		System.out.println("Fleet table page of 10,000 cars: " + millis + " ms in the browser");
		Browser.screenshot(browser, "fleet-10000");
	}

	@Test
	void filtersByStateAndKeepsTheFilterWhilePaging() {
		choose("fleet-status", "charging");
		awaitInfo("1–50 of 2000 · page 1 of 40");
		assertThat(rowsShown()).hasSize(50).allSatisfy((row) -> assertThat(row).contains("charging"));
		click(By.id("page-next"));
		awaitInfo("51–100 of 2000 · page 2 of 40");
		assertThat(vinsShown()).first().isEqualTo(vins.get(250).value());

		choose("fleet-status", "alerting");
		awaitInfo("1–50 of 100 · page 1 of 2");
		assertThat(vinsShown()).first().isEqualTo(vins.get(0).value());
		assertThat(vinsShown()).element(1).isEqualTo(vins.get(100).value());

		choose("fleet-status", "offline");
		awaitInfo("1–50 of 3334 · page 1 of 67");
		assertThat(rowsShown()).hasSize(50).allSatisfy((row) -> assertThat(row).contains("offline"));
	}

	@Test
	void searchesByPartOfTheVinOrOfTheName() {
		browser.findElement(By.id("fleet-search")).sendKeys("fleet00000000424");
		awaitInfo("1–10 of 10 · page 1 of 1");
		assertThat(vinsShown()).first().isEqualTo(vins.get(4240).value());

		WebElement search = browser.findElement(By.id("fleet-search"));
		search.clear();
		search.sendKeys("courier");
		// the registrations reach the service from Kafka
		awaitInfo("1–20 of 20 · page 1 of 1");
		assertThat(rowsShown()).anySatisfy((row) -> assertThat(row).contains(vins.get(500).value(), "Courier 500"));
	}

	@Test
	void sortsByAColumnBothWays() {
		click(By.cssSelector("button[data-sort=charge]"));
		// lowest first, then by VIN: cars 0, 100, 200… are at 0 %
		await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
			assertThat(vinsShown()).startsWith(vins.get(0).value(), vins.get(100).value(), vins.get(200).value());
			assertThat(firstRow()).contains("0.0 %");
		});
		click(By.cssSelector("button[data-sort=charge]"));
		await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(firstRow()).contains("99.0 %"));
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(
					browser.findElement(By.cssSelector("button[data-sort=charge]")).getDomAttribute("aria-sort"))
				.isEqualTo("descending"));
		// then by VIN: car 99 is the first of the hundred cars at 99 %
		assertThat(vinsShown()).first().isEqualTo(vins.get(99).value());
	}

	@Test
	void alertsFilterByType() {
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(browser.findElement(By.id("alerts")).getText()).contains("OVERSPEED",
					"LOW_BATTERY"));
		choose("alert-type", "LOW_BATTERY");
		await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
			String alerts = browser.findElement(By.id("alerts")).getText();
			assertThat(alerts).contains("LOW_BATTERY").doesNotContain("OVERSPEED");
		});
	}

	@Test
	void timesShowInTheViewersZoneWithUtcOnHover() {
		Browser.timeZone(browser, "Asia/Kolkata");
		browser.get(url("/"));
		browser.findElement(By.id("fleet-search")).sendKeys(vins.get(7).value());
		await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
			WebElement time = browser.findElement(By.cssSelector("#vehicle-" + vins.get(7) + " time"));
			assertThat(time.getText()).contains("03:30:00 PM", "GMT+5:30");
			assertThat(time.getDomAttribute("title")).isEqualTo("2026-12-01 10:00:00 UTC");
		});
		Browser.timeZone(browser, "UTC");
	}

	/** Clicks what may be swapped for a fresh copy by the table's refresh meanwhile. */
	private static void click(By by) {
		await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> browser.findElement(by).click());
	}

	/** Picks an option the way a person does, which fires the select's change. */
	private static void choose(String select, String value) {
		browser.findElement(By.cssSelector("#" + select + " option[value=" + value + "]")).click();
	}

	private void awaitInfo(String expected) {
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.untilAsserted(
					() -> assertThat(browser.executeScript("return document.getElementById('page-info').textContent"))
						.isEqualTo(expected));
	}

	/**
	 * Read in one script: the table is swapped for a fresh one every refresh, which would
	 * make elements found one call earlier stale.
	 */
	@SuppressWarnings("unchecked")
	private static List<String> vinsShown() {
		return (List<String>) browser.executeScript(
				"return [...document.querySelectorAll('table.vehicles tbody tr td:first-child a')].map((a) => a.textContent)");
	}

	@SuppressWarnings("unchecked")
	private static List<String> rowsShown() {
		return (List<String>) browser.executeScript(
				"return [...document.querySelectorAll('table.vehicles tbody tr')].map((tr) => tr.innerText)");
	}

	private static String firstRow() {
		return rowsShown().get(0);
	}

	private String url(String path) {
		// a loopback address: the issuer sends people back to one on any port, never to
		// "localhost"
		return "http://127.0.0.1:" + this.port + path;
	}

	private static Object utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
