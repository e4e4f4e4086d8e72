package com.opencar.car.command.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command creation limited per caller: a burst of three, then one a minute; the fourth is
 * refused with 429, a problem detail and {@code Retry-After} (recovery, which takes the
 * refill's time, is shown by {@code CallerRateLimiterTests} on a test clock). Reading is
 * not limited.
 */
@CommandIntegrationTest
@TestPropertySource(properties = { "car.command.rate-limit.burst=3", "car.command.rate-limit.refill=1",
		"car.command.rate-limit.refill-period=1m" })
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
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60))
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:rate-limited")
			.jsonPath("$.status")
			.isEqualTo(429);

		// reading is not limited
		this.client.get().uri("/api/v1/vehicles/{vin}/commands", vin).exchange().expectStatus().isOk();

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
