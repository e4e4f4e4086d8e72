package com.opencar.car.analytics;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

@AnalyticsIntegrationTest
class AnalyticsApplicationIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcTemplate jdbc;

	/**
	 * No test creates the contract's topics: the service does, before Kafka Streams
	 * starts.
	 */
	@Test
	void isReadyWithPostgresAndKafkaStreamsRunning() {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.db.status")
				.isEqualTo("UP")
				.jsonPath("$.components.kafkaStreams.status")
				.isEqualTo("UP")
				.jsonPath("$.components.kafkaStreams.details.state")
				.isEqualTo("RUNNING"));
	}

	@Test
	void cannotWriteToTheDatabase() {
		assertThatException().isThrownBy(() -> this.jdbc.execute("create table analytics_must_not_write (id int)"))
			.withMessageContaining("read-only transaction");
	}

}
