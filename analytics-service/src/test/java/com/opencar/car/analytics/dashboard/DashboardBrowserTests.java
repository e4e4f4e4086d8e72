package com.opencar.car.analytics.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.analytics.CommandServiceStub;
import com.opencar.car.analytics.DevIssuerServer;
import com.opencar.car.analytics.StoreViews;
import com.opencar.car.common.command.CommandId;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandTransitioned;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.browser.Browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards in a real browser (headless Chromium) against the running service, real
 * Kafka and PostgreSQL. Screenshots land in {@code target/screenshots}.
 */
@AnalyticsIntegrationTest
class DashboardBrowserTests {

	private static final VehicleId CAR_A = VehicleId.of("WVWZZZ1JZXW000W01");

	private static final VehicleId CAR_B = VehicleId.of("WVWZZZ1JZXW000W02");

	private static final VehicleId CAR_C = VehicleId.of("WVWZZZ1JZXW000W03");

	private static StoreViews views;

	private static ChromeDriver browser;

	private final VehicleJson json = new VehicleJson();

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaTemplate<String, String> kafka;

	private static boolean signedIn;

	@BeforeAll
	static void startBrowser(TestPostgres postgres) {
		views = StoreViews.create(postgres);
		DevIssuerServer.start();
		browser = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	/**
	 * Signs in as an operator of every fleet: the dashboard sends the browser to the
	 * issuer's sign-in page, which sends it back signed in.
	 */
	@BeforeEach
	void signIn() {
		if (signedIn) {
			return;
		}
		Browser.signIn(browser, url("/"), DevIssuerServer.url(), "operator");
		signedIn = true;
	}

	@Test
	void withoutASessionTheDashboardSendsPeopleToSignInAndItsApiAnswers401() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> page = http.send(
				HttpRequest.newBuilder(URI.create(url("/"))).header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/oauth2/authorization/dashboard"));
		HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/vehicles"))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.body()).contains("urn:car:problem:unauthorized");
	}

	@BeforeEach
	void seed() {
		views.clear();
		Instant now = Instant.now();
		views.vehicle(CAR_A.value(), true, now, """
				{"Vehicle.Speed": 48.0, "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 72.5,
				 "Vehicle.CurrentLocation.Latitude": 52.52, "Vehicle.CurrentLocation.Longitude": 13.405}""");
		views.vehicle(CAR_B.value(), false, now.minusSeconds(600), """
				{"Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 31,
				 "Vehicle.CurrentLocation.Latitude": 52.50, "Vehicle.CurrentLocation.Longitude": 13.35}""");
	}

	@Test
	void fleetPageCountersChangeWhenNewTelemetryArrives() {
		browser.get(url("/"));
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			assertThat(text("count-vehicles")).isEqualTo("2");
			assertThat(text("count-online")).isEqualTo("1");
			assertThat(browser.findElements(By.cssSelector("table.vehicles tbody tr"))).hasSize(2);
			assertThat(browser.findElement(By.id("map")).getDomAttribute("data-markers")).isEqualTo("2");
			// the test's tile server refuses every tile: the map says so, and shows the
			// cars all the same
			assertThat(text("map-note")).contains("without a basemap");
		});
		// the counter is the current minute's window, and other tests' cars publish into
		// it
		// too: should the minute end before the new messages show, they are in the last
		// complete window, "messages per minute"
		// not just after a minute began, when the page may still show the one before
		await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().getEpochSecond() % 60 >= 5);
		long minute = minute();
		long before = number(text("messages-current"));

		// a car reports: the ingest puts its telemetry on Kafka, the store adds its state
		Instant at = Instant.now();
		for (int seq = 1; seq <= 5; seq++) {
			TelemetryReported sample = new TelemetryReported(CAR_C, seq, at, Map.of(VssSignal.SPEED.path(), 30.0 + seq,
					VssSignal.LATITUDE.path(), 52.53, VssSignal.LONGITUDE.path(), 13.42));
			this.kafka.send(new ProducerRecord<>(KafkaTopic.TELEMETRY.topicName(), null, at.toEpochMilli(),
					CAR_C.value(), new String(this.json.write(sample))));
		}
		views.vehicle(CAR_C.value(), true, at, """
				{"Vehicle.Speed": 35.0, "Vehicle.CurrentLocation.Latitude": 52.53,
				 "Vehicle.CurrentLocation.Longitude": 13.42}""");

		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
			long counted = (minute() == minute) ? number(text("messages-current"))
					: number(text("messages-per-minute"));
			assertThat(counted).isGreaterThanOrEqualTo(before + 5);
			assertThat(text("count-vehicles")).isEqualTo("3");
			assertThat(text("count-online")).isEqualTo("2");
			assertThat(browser.findElement(By.id("map")).getDomAttribute("data-markers")).isEqualTo("3");
		});
		Browser.screenshot(browser, "fleet");
	}

	@Test
	void vehiclePageDrawsChartsAndTheTrackFromTheHistory() {
		Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
		for (int minute = 0; minute < 30; minute++) {
			double latitude = 52.50 + minute * 0.001;
			views.telemetry(CAR_A.value(), minute, start.plus(Duration.ofMinutes(minute)), 40.0 + minute,
					80.0 - minute * 0.2, latitude, 13.40, "{}");
		}
		browser.get(url("/vehicles/" + CAR_A));
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			assertThat(points("speed-chart")).isGreaterThanOrEqualTo(25);
			assertThat(points("soc-chart")).isGreaterThanOrEqualTo(25);
			assertThat(browser.findElement(By.id("map")).getDomAttribute("data-points")).isNotEqualTo("0").isNotNull();
			// labelled, with units, grouped
			String signals = browser.findElement(By.id("signals")).getText();
			assertThat(signals).contains("Driving", "Speed 48 km/h", "Battery and charging", "State of charge 72.5 %",
					"Latitude 52.52°");
			assertThat(signals.indexOf("Driving")).isLessThan(signals.indexOf("Battery and charging"));
		});
		// the command panel and the state come before the history
		assertThat(browser.findElement(By.id("command-form")).getLocation().getY())
			.isLessThan(browser.findElement(By.id("speed-chart")).getLocation().getY());
		Browser.screenshot(browser, "vehicle");
	}

	@Test
	void sendingACommandShowsItsStatesAsTheyHappen() {
		browser.get(url("/vehicles/" + CAR_A));
		browser.findElement(By.cssSelector("#command-type option[value=" + CommandType.SET_CHARGE_LIMIT + "]")).click();
		browser.findElement(By.id("command-value")).sendKeys("80");
		int sent = CommandServiceStub.get().requests().size();
		browser.findElement(By.id("send-command")).click();

		await().atMost(Duration.ofSeconds(30))
			.until(() -> CommandServiceStub.get().requests().size() > sent && status() != null);
		CommandServiceStub.Request request = CommandServiceStub.get().requests().get(sent);
		assertThat(request.vin()).isEqualTo(CAR_A.value());
		// an integer, as the catalogue's charge limit takes it
		assertThat(request.body()).contains("\"type\":\"SET_CHARGE_LIMIT\"", "\"percent\":80}");
		// with the signed-in person's access token, for the command service to check
		assertThat(request.authorization()).startsWith("Bearer ey");
		assertThat(status().getText()).isEqualTo("QUEUED");

		// the command service reports each transition on Kafka
		CommandId id = new CommandId(request.id());
		CommandStatus previous = CommandStatus.QUEUED;
		for (CommandStatus next : new CommandStatus[] { CommandStatus.SENT, CommandStatus.DELIVERED }) {
			transition(id, previous, next);
			previous = next;
			await().atMost(Duration.ofSeconds(30)).until(() -> next.name().equals(status().getText()));
		}
		transition(id, previous, CommandStatus.SUCCEEDED);
		await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(status().getText()));
		Browser.screenshot(browser, "command");
	}

	/**
	 * The car page lists the car's recent commands, not only those sent from it, and
	 * their states change as they happen.
	 */
	@Test
	void theCarPageListsItsRecentCommandsWithTheirLiveStates() {
		UUID id = UUID.randomUUID();
		CommandServiceStub.get().known(CAR_B.value(), id, "LOCK_DOORS", "SENT", Instant.now().minusSeconds(30));
		browser.get(url("/vehicles/" + CAR_B));
		By row = By.id("cmd-" + id);
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			assertThat(browser.findElement(row).getText()).contains("LOCK_DOORS", "SENT");
			assertThat(browser.findElement(row).findElement(By.tagName("time")).getDomAttribute("title"))
				.endsWith(" UTC");
		});
		transition(CAR_B, new CommandId(id), CommandStatus.SENT, CommandStatus.SUCCEEDED);
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> browser.findElement(row).findElement(By.className("status")).getText().equals("SUCCEEDED"));
	}

	private void transition(CommandId id, CommandStatus from, CommandStatus to) {
		transition(CAR_A, id, from, to);
	}

	private void transition(VehicleId car, CommandId id, CommandStatus from, CommandStatus to) {
		CommandTransitioned transition = new CommandTransitioned(id, car, CommandType.SET_CHARGE_LIMIT, to, from,
				Instant.now(), null);
		this.kafka.send(KafkaTopic.COMMANDS.topicName(), car.value(), new String(this.json.write(transition)));
	}

	private WebElement status() {
		return browser.findElements(By.cssSelector("#commands tr[data-command-id] .status"))
			.stream()
			.findFirst()
			.orElse(null);
	}

	private static long minute() {
		return Instant.now().getEpochSecond() / 60;
	}

	private long points(String canvas) {
		Object count = browser.executeScript("const chart = Chart.getChart(document.getElementById(arguments[0]));"
				+ " return chart ? chart.data.datasets[0].data.length : 0;", canvas);
		return ((Number) count).longValue();
	}

	// read in one script run: htmx may swap the element between a lookup and a separate
	// getText, which then fails on a stale element
	private String text(String id) {
		Object text = browser.executeScript(
				"const element = document.getElementById(arguments[0]); return element ? element.innerText.trim() : null;",
				id);
		return (String) text;
	}

	private static long number(String text) {
		return text.matches("\\d+") ? Long.parseLong(text) : 0;
	}

	private String url(String path) {
		// a loopback address: the issuer sends people back to one on any port, never to
		// "localhost"
		return "http://127.0.0.1:" + this.port + path;
	}

}
