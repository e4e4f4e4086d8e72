package com.opencar.car.analytics.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.analytics.VehicleTopics;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.testsupport.TestKafka;

import static org.awaitility.Awaitility.await;

@AnalyticsIntegrationTest
class FleetMetricsIntegrationTests {

	private static final String CAR_A = "WVWZZZ1JZXW0000A1";

	private static final String CAR_B = "WVWZZZ1JZXW0000B2";

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private FleetMetrics metrics;

	@BeforeAll
	static void createInputTopics(TestKafka kafka) {
		VehicleTopics.create(kafka);
	}

	@Test
	void countsTelemetryPerVehicleFromKafka() {
		for (int seq = 0; seq < 5; seq++) {
			this.kafka.send(KafkaTopic.TELEMETRY.topicName(), CAR_A, telemetry(CAR_A, seq));
		}
		for (int seq = 0; seq < 3; seq++) {
			this.kafka.send(KafkaTopic.TELEMETRY.topicName(), CAR_B, telemetry(CAR_B, seq));
		}
		this.kafka.flush();
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> this.metrics.messagesPerVehicle(Instant.now().minusSeconds(300), Instant.now()),
					Map.of(CAR_A, 5L, CAR_B, 3L)::equals);
	}

	private static String telemetry(String vin, int seq) {
		return "{\"vin\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"signals\":{\"Vehicle.Speed\":50.0}}".formatted(vin, seq,
				Instant.now());
	}

}
