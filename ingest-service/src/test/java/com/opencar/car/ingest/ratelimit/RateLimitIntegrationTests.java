package com.opencar.car.ingest.ratelimit;

import java.time.Duration;

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
import static org.awaitility.Awaitility.await;

/**
 * HTTP ingest limited per caller: a burst of two, then one request per second; the third
 * is refused with 429, a problem detail and {@code Retry-After}, and accepted again once
 * a token is back.
 */
@IngestIntegrationTest
@TestPropertySource(properties = { "car.ingest.http.rate-limit.burst=2", "car.ingest.http.rate-limit.per-second=1" })
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
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2))
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:rate-limited");

		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> post(vin, 4) == 202);
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
