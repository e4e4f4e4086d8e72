package com.opencar.car.store;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;

import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@DirtiesContext
@RealServers({ Server.KAFKA, Server.POSTGRES, Server.MONGO })
class StoreApplicationIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Test
	void isReadyWithPostgresAndMongo() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.db.status")
				.isEqualTo("UP")
				.jsonPath("$.components.mongo.status")
				.isEqualTo("UP"));
	}

}
