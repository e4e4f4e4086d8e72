package com.opencar.car.analytics.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.analytics.StoreViews;
import com.opencar.car.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The read APIs over seeded store views on real PostgreSQL.
 */
@AnalyticsIntegrationTest
class ReadApiIntegrationTests {

	private static final String CAR_A = "WVWZZZ1JZXW000A01";

	private static final String CAR_B = "WVWZZZ1JZXW000B02";

	private static final String CAR_C = "WVWZZZ1JZXW000C03";

	private static final String UNKNOWN = "WVWZZZ1JZXW000D04";

	private static final String SPEED = "Vehicle.Speed";

	private static final String CABIN = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature";

	private static StoreViews views;

	@Autowired
	private RestTestClient client;

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	@BeforeAll
	static void createViews(TestPostgres postgres) {
		views = StoreViews.create(postgres);
	}

	@BeforeEach
	void seed() {
		views.clear();
		views.vehicle(CAR_A, true, this.now, """
				{"Vehicle.Speed": 42.5, "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 80,
				 "Vehicle.Powertrain.TractionBattery.Charging.IsCharging": false,
				 "Vehicle.CurrentLocation.Latitude": 52.52, "Vehicle.CurrentLocation.Longitude": 13.405}""");
		views.vehicle(CAR_B, true, this.now, """
				{"Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 40,
				 "Vehicle.Powertrain.TractionBattery.Charging.IsCharging": true}""");
		views.vehicle(CAR_C, false, this.now.minusSeconds(3600), "{}");
	}

	@Test
	void listsVehiclesByVinInPages() {
		this.client.get()
			.uri("/api/v1/vehicles?size=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content.length()")
			.isEqualTo(2)
			.jsonPath("$.content[0].vin")
			.isEqualTo(CAR_A)
			.jsonPath("$.content[0].online")
			.isEqualTo(true)
			.jsonPath("$.content[0].speedKmh")
			.isEqualTo(42.5)
			.jsonPath("$.content[0].stateOfCharge")
			.isEqualTo(80.0)
			.jsonPath("$.content[0].latitude")
			.isEqualTo(52.52)
			.jsonPath("$.content[1].charging")
			.isEqualTo(true)
			.jsonPath("$.totalElements")
			.isEqualTo(3)
			.jsonPath("$.totalPages")
			.isEqualTo(2);
		this.client.get()
			.uri("/api/v1/vehicles?size=2&page=1")
			.exchange()
			.expectBody()
			.jsonPath("$.content[0].vin")
			.isEqualTo(CAR_C);
	}

	@Test
	void filtersVehiclesByOnlineState() {
		this.client.get()
			.uri("/api/v1/vehicles?online=false")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content.length()")
			.isEqualTo(1)
			.jsonPath("$.content[0].vin")
			.isEqualTo(CAR_C)
			.jsonPath("$.totalElements")
			.isEqualTo(1);
	}

	@Test
	void refusesPageSizesOutOfBounds() {
		problem("/api/v1/vehicles?size=0", 400, "invalid-query").jsonPath("$.parameter").isEqualTo("size");
		problem("/api/v1/vehicles?size=501", 400, "invalid-query").jsonPath("$.parameter").isEqualTo("size");
		problem("/api/v1/vehicles?online=maybe", 400, "invalid-query").jsonPath("$.parameter").isEqualTo("online");
	}

	@Test
	void showsTheLatestStateOfOneVehicle() {
		this.client.get()
			.uri("/api/v1/vehicles/" + CAR_A)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.vin")
			.isEqualTo(CAR_A)
			.jsonPath("$.online")
			.isEqualTo(true)
			.jsonPath("$.lastSeq")
			.isEqualTo(1)
			.jsonPath("$.signals['Vehicle.Speed']")
			.isEqualTo(42.5);
	}

	@Test
	void answersUnknownAndMalformedVinsWithProblemDetails() {
		problem("/api/v1/vehicles/" + UNKNOWN, 404, "vehicle-not-found").jsonPath("$.detail")
			.value(String.class, (text) -> assertThat(text).contains(UNKNOWN));
		problem("/api/v1/vehicles/NOT-A-VIN", 400, "invalid-query").jsonPath("$.parameter").isEqualTo("vin");
		problem("/api/v1/vehicles/" + UNKNOWN + "/telemetry", 404, "vehicle-not-found");
		problem("/api/v1/vehicles/" + UNKNOWN + "/trips", 404, "vehicle-not-found");
		problem("/api/v1/vehicles/" + UNKNOWN + "/driver-score", 404, "vehicle-not-found");
	}

	@Test
	void aggregatesTelemetryIntoBucketsInSql() {
		Instant start = this.now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
		for (int second = 0; second < 120; second++) {
			views.telemetry(CAR_A, second, start.plusSeconds(second), (double) second, 90.0 - second / 60, null, null,
					"{\"" + SPEED + "\": " + second + ", \"" + CABIN + "\": " + (20 + second % 2) + "}");
		}
		this.client.get()
			.uri("/api/v1/vehicles/{vin}/telemetry?signals={signals}&from={from}&to={to}&interval=1m", CAR_A,
					SPEED + "," + CABIN, start, start.plusSeconds(300))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.interval")
			.isEqualTo("PT1M")
			.jsonPath("$.buckets.length()")
			.isEqualTo(2)
			.jsonPath("$.buckets[0].start")
			.isEqualTo(start.toString())
			.jsonPath("$.buckets[0].samples")
			.isEqualTo(60)
			.jsonPath("$.buckets[0].values['Vehicle.Speed'].min")
			.isEqualTo(0.0)
			.jsonPath("$.buckets[0].values['Vehicle.Speed'].avg")
			.value(Double.class, (number) -> assertThat(number).isCloseTo(29.5, within(1e-9)))
			.jsonPath("$.buckets[0].values['Vehicle.Speed'].max")
			.isEqualTo(59.0)
			.jsonPath("$.buckets[1].values['Vehicle.Speed'].min")
			.isEqualTo(60.0)
			.jsonPath("$.buckets[1].values['Vehicle.Speed'].max")
			.isEqualTo(119.0)
			.jsonPath("$.buckets[0].values['" + CABIN + "'].min")
			.isEqualTo(20.0)
			.jsonPath("$.buckets[0].values['" + CABIN + "'].avg")
			.value(Double.class, (number) -> assertThat(number).isCloseTo(20.5, within(1e-9)))
			.jsonPath("$.buckets[0].values['" + CABIN + "'].max")
			.isEqualTo(21.0);
	}

	@Test
	void refusesAbusiveTelemetryQueries() {
		String base = "/api/v1/vehicles/" + CAR_A + "/telemetry";
		problem(base + "?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", 400, "invalid-query").jsonPath("$.detail")
			.value(String.class, (text) -> assertThat(text).contains("longer than the allowed"));
		problem(base + "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=1s", 400, "invalid-query")
			.jsonPath("$.parameter")
			.isEqualTo("interval");
		problem(base + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", 400, "invalid-query")
			.jsonPath("$.parameter")
			.isEqualTo("from");
		problem(base + "?interval=soon", 400, "invalid-query").jsonPath("$.parameter").isEqualTo("interval");
		problem(base + "?interval=100ms", 400, "invalid-query").jsonPath("$.parameter").isEqualTo("interval");
		problem(base + "?signals=Vehicle.Speed'--", 400, "invalid-query").jsonPath("$.parameter").isEqualTo("signals");
		problem(base + "?from=yesterday", 400, "invalid-query").jsonPath("$.parameter").isEqualTo("from");
	}

	@Test
	void listsAlertsNewestFirstFilteredByVehicleTypeAndTime() {
		views.alert(CAR_A, "OVERSPEED", "WARNING", this.now.minusSeconds(60));
		views.alert(CAR_A, "LOW_BATTERY", "WARNING", this.now.minusSeconds(30));
		views.alert(CAR_B, "OVERSPEED", "WARNING", this.now.minusSeconds(10));
		views.alert(CAR_B, "CRASH", "CRITICAL", this.now.minus(Duration.ofDays(3)));
		this.client.get()
			.uri("/api/v1/alerts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(3)
			.jsonPath("$[0].vin")
			.isEqualTo(CAR_B)
			.jsonPath("$[2].type")
			.isEqualTo("OVERSPEED");
		this.client.get()
			.uri("/api/v1/alerts?vin=" + CAR_A)
			.exchange()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[0].type")
			.isEqualTo("LOW_BATTERY");
		this.client.get()
			.uri("/api/v1/alerts?type=OVERSPEED")
			.exchange()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2);
		this.client.get()
			.uri("/api/v1/alerts?type=CRASH&since=" + this.now.minus(Duration.ofDays(7)))
			.exchange()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].severity")
			.isEqualTo("CRITICAL");
		problem("/api/v1/alerts?type=SPEEDING", 400, "invalid-query").jsonPath("$.detail")
			.value(String.class, (text) -> assertThat(text).contains("OVERSPEED"));
	}

	@Test
	void summarisesTheFleet() {
		views.alert(CAR_A, "OVERSPEED", "WARNING", this.now.minusSeconds(60));
		views.alert(CAR_B, "CRASH", "CRITICAL", this.now.minus(Duration.ofDays(3)));
		// the current window comes from the Streams store, queryable once the shared
		// context's Streams instance runs (this class may be the first to use it)
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/fleet/summary")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.vehicles")
				.isEqualTo(3)
				.jsonPath("$.online")
				.isEqualTo(2)
				.jsonPath("$.offline")
				.isEqualTo(1)
				.jsonPath("$.charging")
				.isEqualTo(1)
				.jsonPath("$.averageStateOfCharge")
				.isEqualTo(60.0)
				.jsonPath("$.openAlerts")
				.isEqualTo(1)
				.jsonPath("$.openAlertsWindow")
				.isEqualTo("PT24H")
				.jsonPath("$.currentWindow.start")
				.exists());
	}

	@Test
	void publishesTheApiAsOpenApi() {
		this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/v1/vehicles/{vin}/telemetry']")
			.exists()
			.jsonPath("$.paths['/api/v1/fleet/summary']")
			.exists()
			.jsonPath("$.paths['/api/v1/vehicles/{vin}/driver-score']")
			.exists()
			.jsonPath("$.paths['/internal/v1/fleet-window']")
			.doesNotExist();
		this.client.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

	private RestTestClient.BodyContentSpec problem(String uri, int status, String type) {
		return this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:" + type)
			.jsonPath("$.status")
			.isEqualTo(status);
	}

}
