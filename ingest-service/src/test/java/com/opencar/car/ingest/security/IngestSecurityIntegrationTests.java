package com.opencar.car.ingest.security;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.IngestIntegrationTest;
import com.opencar.car.ingest.support.TestCar;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.security.ApiCalls;
import com.opencar.car.testsupport.security.DevIssuer;
import com.opencar.car.testsupport.security.ForgedTokens;
import com.opencar.car.testsupport.security.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP telemetry: 401 without a token, 403 without the ingest role, 404 for a vehicle of
 * another fleet (or none), 202 for the right caller once the registry's record has
 * reached the service; and the tokens that must never work.
 */
@IngestIntegrationTest
class IngestSecurityIntegrationTests {

	private final TestVins vins = TestVins.fresh();

	@Test
	void telemetryNeedsTheIngestRoleForAVehicleOfTheCallersFleet(@LocalServerPort int port, TestKafka kafka) {
		ApiCalls api = new ApiCalls(port);
		VehicleId carA = this.vins.next();
		VehicleId carB = this.vins.next();
		TestRegistry.register(kafka.bootstrapServers(), carA, "fleet-a");
		TestRegistry.register(kafka.bootstrapServers(), carB, "fleet-b");
		String ingestA = DevIssuer.token("gateway-a").roles("ingest").fleets("fleet-a").mint();
		String operatorA = DevIssuer.token("operator-a").roles("operator").fleets("fleet-a").mint();

		// the registry reaches this service through Kafka
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(post(api, carA, ingestA, 1).statusCode()).isEqualTo(202));
		assertThat(post(api, carA, null, 2).statusCode()).isEqualTo(401);
		assertThat(post(api, carA, operatorA, 3).statusCode()).isEqualTo(403);
		HttpResponse<String> otherFleets = post(api, carB, ingestA, 4);
		assertThat(otherFleets.statusCode()).isEqualTo(404);
		assertThat(otherFleets.body()).contains("urn:car:problem:vehicle-not-found");
		assertThat(post(api, this.vins.next(), ingestA, 5).statusCode()).isEqualTo(404);

		ForgedTokens.of(DevIssuer.token("gateway-a").roles("ingest").fleets("fleet-a"))
			.forEach((what, token) -> assertThat(post(api, carA, token, 6).statusCode()).as(what).isEqualTo(401));
	}

	private static HttpResponse<String> post(ApiCalls api, VehicleId vin, String token, long seq) {
		return api.call("POST", "/api/v1/vehicles/" + vin + "/telemetry", token, TestCar.telemetryJson(vin, seq));
	}

}
