package com.opencar.car.ingest.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.IngestIntegrationTest;
import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.ingest.support.KafkaTopicReader;
import com.opencar.car.ingest.support.TestCar;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.security.DevIssuer;

import static com.opencar.car.ingest.support.KafkaTopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

@IngestIntegrationTest
class HttpIngestIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final VehicleJson json = new VehicleJson();

	@Autowired
	private RestTestClient client;

	@Test
	void acceptsOneMessageOnceKafkaHasIt(TestKafka kafka) {
		VehicleId vin = TestVins.fresh().next();
		post(vin, TestCar.telemetryJson(vin, 1).replace("\"vin\":\"" + vin + "\",", "")).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.accepted")
			.isEqualTo(1);
		try (KafkaTopicReader reader = reader(kafka, vin)) {
			ConsumerRecord<String, byte[]> record = reader.readAtLeast(1, PATIENCE).get(0);
			assertThat(this.json.read(record.value(), TelemetryReported.class).vin()).isEqualTo(vin);
			assertThat(header(record, RecordHeaders.SOURCE)).isEqualTo("http");
			assertThat(header(record, RecordHeaders.MQTT_TOPIC)).isNull();
		}
	}

	@Test
	void acceptsAnArrayInOrder(TestKafka kafka) {
		VehicleId vin = TestVins.fresh().next();
		String batch = "[" + TestCar.telemetryJson(vin, 1) + "," + TestCar.telemetryJson(vin, 2) + ","
				+ TestCar.telemetryJson(vin, 3) + "]";
		post(vin, batch).expectStatus().isAccepted().expectBody().jsonPath("$.accepted").isEqualTo(3);
		try (KafkaTopicReader reader = reader(kafka, vin)) {
			assertThat(reader.readAtLeast(3, PATIENCE))
				.extracting((record) -> this.json.read(record.value(), TelemetryReported.class).seq())
				.containsExactly(1L, 2L, 3L);
		}
	}

	@Test
	void refusesABatchWithInvalidItemsWholeAndListsThem(TestKafka kafka) {
		VehicleId vin = TestVins.fresh().next();
		String batch = "[" + TestCar.telemetryJson(vin, 1) + ",{\"seq\":-2,\"ts\":0,\"signals\":{}},"
				+ TestCar.telemetryJson(VehicleId.of("WVWZZZ1JZXW000001"), 3) + "]";
		post(vin, batch).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:invalid-telemetry")
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[0].index")
			.isEqualTo(1)
			.jsonPath("$.errors[0].reason")
			.isEqualTo("NEGATIVE_SEQ")
			.jsonPath("$.errors[1].index")
			.isEqualTo(2)
			.jsonPath("$.errors[1].reason")
			.isEqualTo("VIN_MISMATCH");
		// a later valid request arrives; the valid item of the refused batch never does
		post(vin, TestCar.telemetryJson(vin, 99)).expectStatus().isAccepted();
		try (KafkaTopicReader reader = reader(kafka, vin)) {
			assertThat(reader.readAtLeast(1, PATIENCE))
				.extracting((record) -> this.json.read(record.value(), TelemetryReported.class).seq())
				.containsExactly(99L);
		}
	}

	@Test
	void explainsMalformedRequests() {
		VehicleId vin = TestVins.fresh().next();
		post(vin, "[{\"seq\":1,").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("TRUNCATED");
		this.client.post()
			.uri("/api/v1/vehicles/{vin}/telemetry", "NOT-A-VIN")
			.contentType(MediaType.APPLICATION_JSON)
			.body(TestCar.telemetryJson(vin, 1))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:invalid-vin");
		this.client.post()
			.uri("/api/v1/vehicles/{vin}/telemetry", vin.value())
			.contentType(MediaType.TEXT_PLAIN)
			.body("speed=5")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void answersServiceUnavailableWhenKafkaIsDown(TestMqttBroker broker) {
		Map<String, Object> unreachableKafka = Map.of("car.ingest.http.kafka-timeout", "2s",
				"spring.kafka.producer.properties.max.block.ms", "1000",
				// let the unsendable record expire, so closing the producer does not wait
				// for it
				"spring.kafka.producer.properties.request.timeout.ms", "1000",
				"spring.kafka.producer.properties.delivery.timeout.ms", "1500", "spring.kafka.admin.auto-create",
				"false", "car.ingest.bridge.shared-group", "kafka-down-" + UUID.randomUUID(),
				"car.ingest.mqtt.session-expiry", "0s");
		try (IngestInstance instance = IngestInstance.start(broker, "127.0.0.1:" + IngestInstance.unusedPort(),
				"ingest-kafka-down-" + UUID.randomUUID(), unreachableKafka)) {
			VehicleId vin = TestVins.fresh().next();
			RestTestClient.bindToServer()
				.baseUrl("http://localhost:" + instance.port())
				.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + DevIssuer.platformToken())
				.build()
				.post()
				.uri("/api/v1/vehicles/{vin}/telemetry", vin.value())
				.contentType(MediaType.APPLICATION_JSON)
				.body(TestCar.telemetryJson(vin, 1))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.valueEquals(HttpHeaders.RETRY_AFTER, "5")
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("urn:car:problem:kafka-unavailable");
		}
	}

	private RestTestClient.ResponseSpec post(VehicleId vin, String body) {
		return this.client.post()
			.uri("/api/v1/vehicles/{vin}/telemetry", vin.value())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
	}

	private static KafkaTopicReader reader(TestKafka kafka, VehicleId vin) {
		return new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
				(record) -> vin.value().equals(record.key()));
	}

}
