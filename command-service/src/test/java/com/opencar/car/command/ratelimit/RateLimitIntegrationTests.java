package com.opencar.car.command.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Command creation limited per caller: a burst of three, then one per second; the fourth
 * is refused with 429, a problem detail and {@code Retry-After}, and the caller may
 * create commands again once a token is back. Reading is not limited.
 */
@CommandIntegrationTest
@TestPropertySource(properties = { "car.command.rate-limit.burst=3", "car.command.rate-limit.per-second=1" })
class RateLimitIntegrationTests {

	@Autowired
	private RestTestClient client;

	private final TestVins vins = TestVins.fresh();

	@Test
	void refusesTheCommandBeyondTheBurstAndRecovers() {
		String vin = this.vins.next().value();
		for (int index = 0; index < 3; index++) {
			assertThat(create(vin)).isEqualTo(202);
		}
		this.client.post()
			.uri("/api/v1/vehicles/{vin}/commands", vin)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"type\":\"HONK_AND_FLASH\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2))
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:rate-limited")
			.jsonPath("$.status")
			.isEqualTo(429);

		// reading is not limited
		this.client.get().uri("/api/v1/vehicles/{vin}/commands", vin).exchange().expectStatus().isOk();

		// a token comes back within a second or so
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> create(vin) == 202);
	}

	private int create(String vin) {
		return this.client.post()
			.uri("/api/v1/vehicles/{vin}/commands", vin)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"type\":\"HONK_AND_FLASH\"}")
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

}
