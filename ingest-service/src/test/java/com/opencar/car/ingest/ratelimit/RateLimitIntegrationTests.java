package com.opencar.car.ingest.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.IngestIntegrationTest;
import com.opencar.car.ingest.support.TestCar;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP ingest limited per caller: a burst of two, then one a minute; the third is refused
 * with 429, a problem detail and {@code Retry-After} (recovery, which takes the refill's
 * time, is shown by {@code CallerRateLimiterTests} on a test clock).
 */
@IngestIntegrationTest
@TestPropertySource(properties = { "car.ingest.http.rate-limit.burst=2", "car.ingest.http.rate-limit.refill=1",
		"car.ingest.http.rate-limit.refill-period=1m" })
class RateLimitIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Test
	void refusesTheRequestBeyondTheBurstAndRecovers() {
		VehicleId vin = TestVins.fresh().next();
		assertThat(post(vin, 1)).isEqualTo(202);
		assertThat(post(vin, 2)).isEqualTo(202);
		this.client.post()
			.uri("/api/v1/vehicles/{vin}/telemetry", vin.value())
			.contentType(MediaType.APPLICATION_JSON)
			.body(TestCar.telemetryJson(vin, 3))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60))
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:rate-limited");

	}

	private int post(VehicleId vin, long seq) {
		return this.client.post()
			.uri("/api/v1/vehicles/{vin}/telemetry", vin.value())
			.contentType(MediaType.APPLICATION_JSON)
			.body(TestCar.telemetryJson(vin, seq))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

}
