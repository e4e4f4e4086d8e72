package com.opencar.car.ingest.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
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
import static org.awaitility.Awaitility.await;

@IngestIntegrationTest
class HttpIngestIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final VehicleJson json = new VehicleJson();

	@Autowired
	private RestTestClient client;

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

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

	@Test
	void refusesABodyOverOneMebibyteWhetherItsLengthIsDeclaredOrNot(TestKafka kafka) throws Exception {
		VehicleId vin = TestVins.fresh().next();
		// a valid array of 600 items of 2 KB is only too large, not invalid
		String item = "{\"seq\":1,\"ts\":0,\"signals\":{\"Note\":\"" + "a".repeat(2000) + "\"}}";
		String large = "[" + String.join(",", java.util.Collections.nCopies(600, item)) + "]";
		assertThat(large.length()).isGreaterThan(1024 * 1024);
		double refused = refused("body-too-large");
		post(vin, large).expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:body-too-large");
		// chunked, without a length: refused once the limit is read past
		HttpResponse<String> chunked = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/vehicles/" + vin + "/telemetry"))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + DevIssuer.platformToken())
				.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
				.POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new java.io.ByteArrayInputStream(large.getBytes(StandardCharsets.UTF_8))))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(chunked.body()).contains("urn:car:problem:body-too-large");
		assertThat(refused("body-too-large") - refused).isEqualTo(2);
		// and the next request is served, by a healthy service
		post(vin, TestCar.telemetryJson(vin, 2)).expectStatus().isAccepted();
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	@Test
	void countsTheItemsWhileItReadsTheBody() {
		VehicleId vin = TestVins.fresh().next();
		// more items than allowed, then a body that never ends properly: the count
		// refuses it before the parse would
		String tooMany = "[" + "{},".repeat(1_001) + "{\"seq\":";
		double tooManyBefore = refused("too-many-items");
		double invalidBefore = refused("invalid-json");
		post(vin, tooMany).expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:too-many-items");
		post(vin, "[" + "{},".repeat(999) + "{\"seq\":").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("TRUNCATED");
		assertThat(refused("too-many-items") - tooManyBefore).isOne();
		assertThat(refused("invalid-json") - invalidBefore).isOne();
		post(vin, TestCar.telemetryJson(vin, 1)).expectStatus().isAccepted();
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	private double refused(String reason) {
		Counter counter = this.meters.find("car.ingest.http.refused").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void shedsLoadWith503WhileAsMuchAsAllowedWaitsForKafkaAndStaysLive(TestMqttBroker broker, TestKafka kafka)
			throws Exception {
		Map<String, Object> properties = Map.of("car.ingest.http.max-in-flight", "10", "car.ingest.http.max-items",
				"10", "car.ingest.http.kafka-timeout", "2s", "car.ingest.bridge.shared-group",
				"shed-" + UUID.randomUUID(), "car.ingest.mqtt.session-expiry", "0s");
		try (IngestInstance instance = IngestInstance.start(broker, kafka.bootstrapServers(),
				"ingest-shed-" + UUID.randomUUID(), properties)) {
			RestTestClient client = RestTestClient.bindToServer()
				.baseUrl("http://localhost:" + instance.port())
				.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + DevIssuer.platformToken())
				.build();
			VehicleId vin = TestVins.fresh().next();
			StringBuilder ten = new StringBuilder("[");
			for (int seq = 1; seq <= 10; seq++) {
				ten.append((seq > 1) ? "," : "").append(TestCar.telemetryJson(vin, seq));
			}
			String batch = ten.append("]").toString();
			kafka.outage().begin();
			try {
				// ten messages wait for Kafka: the bound
				CompletableFuture<Void> waiting = CompletableFuture
					.runAsync(() -> post(client, vin, batch).expectStatus().isEqualTo(503));
				await().atMost(PATIENCE).until(() -> instance.gauge("car.ingest.http.in-flight") == 10);
				post(client, vin, TestCar.telemetryJson(vin, 11)).expectStatus()
					.isEqualTo(503)
					.expectHeader()
					.valueEquals(HttpHeaders.RETRY_AFTER, "1")
					.expectBody()
					.jsonPath("$.type")
					.isEqualTo("urn:car:problem:overloaded");
				assertThat(instance.count("car.ingest.http.shed")).isOne();
				client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
				// Kafka did not answer within the request's timeout
				waiting.join();
			}
			finally {
				kafka.outage().end();
			}
			// once Kafka has what waited, requests are taken again
			await().atMost(PATIENCE).until(() -> instance.gauge("car.ingest.http.in-flight") == 0);
			post(client, vin, TestCar.telemetryJson(vin, 12)).expectStatus().isAccepted();
			// the batch answered 503 may be in Kafka or not (its client sends it again);
			// the shed message is not
			try (KafkaTopicReader reader = reader(kafka, vin)) {
				List<Long> seqs = reader
					.readUntil((read) -> read.stream().anyMatch((record) -> seq(record) == 12), PATIENCE)
					.stream()
					.map(this::seq)
					.toList();
				assertThat(seqs).doesNotContain(11L).doesNotHaveDuplicates();
			}
		}
	}

	private long seq(ConsumerRecord<String, byte[]> record) {
		return this.json.read(record.value(), TelemetryReported.class).seq();
	}

	private static RestTestClient.ResponseSpec post(RestTestClient client, VehicleId vin, String body) {
		return client.post()
			.uri("/api/v1/vehicles/{vin}/telemetry", vin.value())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
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
