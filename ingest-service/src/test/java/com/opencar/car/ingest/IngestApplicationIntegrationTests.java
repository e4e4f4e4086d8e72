package com.opencar.car.ingest;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.testsupport.TestMqttBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IngestIntegrationTest
class IngestApplicationIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Test
	void isReadyOnceConnectedToTheBrokerAndKafka(TestMqttBroker broker) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP")
				.jsonPath("$.components.mqtt.status")
				.isEqualTo("UP")
				.jsonPath("$.components.mqtt.details.url")
				.isEqualTo(broker.serverUri())
				.jsonPath("$.components.kafka.status")
				.isEqualTo("UP")
				.jsonPath("$.components.kafka.details.nodes")
				.isEqualTo(1)
				.jsonPath("$.components.kafka.details.clusterId")
				.isNotEmpty());
	}

	@Test
	void isAlive() {
		this.client.get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void exposesPrometheusMetricsTaggedWithTheApplication() {
		String scrape = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scrape).contains("jvm_memory_used_bytes").contains("application=\"ingest-service\"");
	}

}
