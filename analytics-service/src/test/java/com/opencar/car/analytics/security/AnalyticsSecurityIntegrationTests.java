package com.opencar.car.analytics.security;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.analytics.StoreViews;
import com.opencar.car.analytics.TwoFleets;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.security.ApiCalls;
import com.opencar.car.testsupport.security.DevIssuer;
import com.opencar.car.testsupport.security.ForgedTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every read API: 401 without a token, 403 without the viewer role, 404 for another
 * fleet's vehicle, 200 for the right caller; listings and the fleet summary hold only the
 * caller's fleets' vehicles; and the tokens that must never work. Car A is in fleet-a,
 * car B in fleet-b.
 */
@AnalyticsIntegrationTest
class AnalyticsSecurityIntegrationTests {

	private static StoreViews views;

	private final TestVins vins = TestVins.fresh();

	private final String viewerA = DevIssuer.token("viewer-a").roles("viewer").fleets("fleet-a").mint();

	private final String noRoleA = DevIssuer.token("nobody-a").fleets("fleet-a").mint();

	private ApiCalls api;

	private VehicleId carA;

	private VehicleId carB;

	@BeforeAll
	static void createViews(TestPostgres postgres) {
		views = StoreViews.create(postgres);
	}

	@BeforeEach
	void twoFleets(@LocalServerPort int port, TestKafka kafka) {
		this.api = new ApiCalls(port);
		TwoFleets fleets = TwoFleets.seed(views, kafka, this.vins);
		this.carA = fleets.carA();
		this.carB = fleets.carB();
		// the registry reaches this service through Kafka
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.status("GET", "/api/v1/vehicles/" + this.carA, this.viewerA, null) == 200);
	}

	@Test
	void everyVehicleEndpointNeedsAViewerOfTheVehiclesFleet() {
		for (String endpoint : new String[] { "", "/telemetry", "/trips", "/driver-score" }) {
			String mine = "/api/v1/vehicles/" + this.carA + endpoint;
			String theirs = "/api/v1/vehicles/" + this.carB + endpoint;
			assertThat(this.api.status("GET", mine, null, null)).as(mine).isEqualTo(401);
			assertThat(this.api.status("GET", mine, this.noRoleA, null)).as(mine).isEqualTo(403);
			HttpResponse<String> other = this.api.call("GET", theirs, this.viewerA, null);
			assertThat(other.statusCode()).as(theirs).isEqualTo(404);
			assertThat(other.body()).as(theirs).contains("urn:car:problem:vehicle-not-found");
			// trips and scores come from Kafka Streams, which answers 503 until it runs
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(this.api.status("GET", mine, this.viewerA, null)).as(mine).isEqualTo(200));
		}
		assertThat(this.api.status("GET", "/api/v1/alerts?vin=" + this.carB, this.viewerA, null)).isEqualTo(404);
	}

	@Test
	void listingsAndTheSummaryHoldOnlyTheCallersFleets() {
		for (String listing : new String[] { "/api/v1/vehicles", "/api/v1/alerts", "/api/v1/fleet/summary" }) {
			assertThat(this.api.status("GET", listing, null, null)).as(listing).isEqualTo(401);
			assertThat(this.api.status("GET", listing, this.noRoleA, null)).as(listing).isEqualTo(403);
		}
		assertThat(this.api.call("GET", "/api/v1/vehicles", this.viewerA, null).body()).contains(this.carA.value())
			.doesNotContain(this.carB.value())
			.contains("\"totalElements\":1");
		assertThat(this.api.call("GET", "/api/v1/alerts", this.viewerA, null).body()).contains(this.carA.value())
			.doesNotContain(this.carB.value());
		assertThat(this.api.call("GET", "/api/v1/fleet/summary", this.viewerA, null).body()).contains("\"vehicles\":1",
				"\"openAlerts\":1");
		// the platform's own caller sees both fleets
		assertThat(this.api.call("GET", "/api/v1/vehicles", DevIssuer.platformToken(), null).body())
			.contains(this.carA.value(), this.carB.value());
	}

	@Test
	void refusesEveryTokenThatIsWrongInAnyWay() {
		String path = "/api/v1/vehicles/" + this.carA;
		ForgedTokens.of(DevIssuer.token("viewer-a").roles("viewer").fleets("fleet-a"))
			.forEach((what, token) -> assertThat(this.api.status("GET", path, token, null)).as(what).isEqualTo(401));
	}

}
