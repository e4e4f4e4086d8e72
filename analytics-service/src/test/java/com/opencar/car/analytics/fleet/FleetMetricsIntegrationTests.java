package com.opencar.car.analytics.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.common.topic.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@AnalyticsIntegrationTest
class FleetMetricsIntegrationTests {

	private static final String CAR_A = "WVWZZZ1JZXW0000A1";

	private static final String CAR_B = "WVWZZZ1JZXW0000B2";

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private FleetMetrics metrics;

	@Test
	void countsTelemetryPerVehicleAndWindowFromKafka() {
		// one record timestamp for all, so they fall into one window
		Instant at = Instant.now();
		for (int seq = 0; seq < 5; seq++) {
			send(CAR_A, seq, at);
		}
		for (int seq = 0; seq < 3; seq++) {
			send(CAR_B, seq, at);
		}
		this.kafka.flush();
		Instant window = this.metrics.windowStart(at);
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(List.of(this.metrics.localVehicleWindow(CAR_A, window),
					this.metrics.localVehicleWindow(CAR_B, window)))
				.containsExactly(5L, 3L));
		// other tests' cars may share the window: at least these two cars and their
		// messages
		FleetWindow fleet = this.metrics.fleetWindow(window);
		assertThat(fleet.start()).isEqualTo(window);
		assertThat(fleet.end()).isEqualTo(window.plus(this.metrics.window()));
		assertThat(fleet.messages()).isGreaterThanOrEqualTo(8);
		assertThat(fleet.activeVehicles()).isGreaterThanOrEqualTo(2);
	}

	private void send(String vin, int seq, Instant at) {
		String json = "{\"vin\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"signals\":{\"Vehicle.Speed\":50.0}}".formatted(vin,
				seq, at);
		this.kafka.send(new ProducerRecord<>(KafkaTopic.TELEMETRY.topicName(), null, at.toEpochMilli(), vin, json));
	}

}
