package com.opencar.car.command.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@CommandIntegrationTest
class CommandApiIntegrationTests {

	@Autowired
	private RestTestClient client;

	private final TestVins vins = TestVins.fresh();

	@Test
	void createsAQueuedCommandAndShowsItWithItsHistory() {
		VehicleId vin = this.vins.next();
		EntityExchangeResult<Map> created = post(vin,
				Map.of("type", "SET_CHARGE_LIMIT", "params", Map.of("percent", 80), "timeoutSeconds", 20, "ttlSeconds",
						600),
				null)
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueMatches("Location", "/api/v1/commands/[0-9a-f-]{36}")
			.expectBody(Map.class)
			.returnResult();
		@SuppressWarnings("unchecked")
		Map<String, Object> command = created.getResponseBody();
		assertThat(command).containsEntry("vin", vin.value())
			.containsEntry("type", "SET_CHARGE_LIMIT")
			.containsEntry("status", "QUEUED")
			.containsEntry("timeoutSeconds", 20)
			.containsEntry("params", Map.of("percent", 80));

		this.client.get()
			.uri(created.getResponseHeaders().getLocation())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(command.get("id"))
			.jsonPath("$.transitions[0].to")
			.isEqualTo("QUEUED");
	}

	@Test
	void theSameIdempotencyKeyReturnsTheSameCommand() {
		VehicleId vin = this.vins.next();
		Map<String, Object> body = Map.of("type", "LOCK_DOORS");
		Object first = post(vin, body, "lock-1").expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		Object again = post(vin, body, "lock-1").expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		Object other = post(vin, body, "lock-2").expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		assertThat(again).isEqualTo(first);
		assertThat(other).isNotEqualTo(first);
		this.client.get()
			.uri("/api/v1/vehicles/{vin}/commands?status=QUEUED", vin.value())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.totalElements")
			.isEqualTo(2);
	}

	@Test
	void listsEveryInvalidFieldInOneProblem() {
		post(this.vins.next(),
				Map.of("type", "START_CLIMATE", "params", Map.of("targetTemperatureC", 45, "fan", 3), "timeoutSeconds",
						2),
				null)
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:invalid-command")
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(String.valueOf(fields)).contains("timeoutSeconds", "params.fan"));
		post(this.vins.next(), Map.of("type", "FLY"), null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("type");
		this.client.post()
			.uri("/api/v1/vehicles/{vin}/commands", "NOT-A-VIN")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("type", "LOCATE"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("vin");
	}

	@Test
	void cancelsACommandNotYetDeliveredAndRefusesToCancelItTwice() {
		String location = createdLocation(this.vins.next(), Map.of("type", "HONK_AND_FLASH"));
		this.client.delete()
			.uri(location)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("CANCELLED")
			.jsonPath("$.transitions[1].from")
			.isEqualTo("QUEUED");
		this.client.delete()
			.uri(location)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:command-state")
			.jsonPath("$.status")
			.isEqualTo("CANCELLED");
	}

	@Test
	void publishesEveryTransitionToKafkaInOrderKeyedByVin(TestKafka kafka) {
		VehicleId vin = this.vins.next();
		String location = createdLocation(vin, Map.of("type", "STOP_CLIMATE"));
		this.client.delete().uri(location).exchange().expectStatus().isOk();
		String id = location.substring(location.lastIndexOf('/') + 1);

		List<String> events = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "transitions-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(KafkaTopic.COMMANDS.topicName()));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (record.value().contains(id)) {
						assertThat(record.key()).isEqualTo(vin.value());
						events.add(record.value());
					}
				});
				return events.size() >= 2;
			});
		}
		assertThat(events).satisfiesExactly(
				(queued) -> assertThat(queued).contains("\"status\":\"QUEUED\"").doesNotContain("previousStatus"),
				(cancelled) -> assertThat(cancelled).contains("\"status\":\"CANCELLED\"",
						"\"previousStatus\":\"QUEUED\"", "\"type\":\"STOP_CLIMATE\""));
	}

	@Test
	void countsEveryTransitionAndTimesItFromTheCommandsCreation(@Autowired MeterRegistry meters,
			@Autowired JdbcClient jdbc) {
		// earlier tests' transitions counted first: they are counted when published
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.sql("select count(*) from command_transitions where published_at is null")
				.query(Long.class)
				.single() == 0);
		double cancelledBefore = transitions(meters, "CANCELLED");
		long timedBefore = timed(meters, "CANCELLED");
		String location = createdLocation(this.vins.next(), Map.of("type", "STOP_CLIMATE"));
		this.client.delete().uri(location).exchange().expectStatus().isOk();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(transitions(meters, "CANCELLED")).isEqualTo(cancelledBefore + 1);
			assertThat(timed(meters, "CANCELLED")).isEqualTo(timedBefore + 1);
		});
		assertThat(meters.get("car.command.time-to-status").tag("status", "CANCELLED").timer().max(TimeUnit.SECONDS))
			.isBetween(0.0, 30.0);
	}

	private static double transitions(MeterRegistry meters, String status) {
		Counter counter = meters.find("car.command.transitions").tag("status", status).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static long timed(MeterRegistry meters, String status) {
		Timer timer = meters.find("car.command.time-to-status").tag("status", status).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void answersNotFoundForAnUnknownCommand() {
		this.client.get()
			.uri("/api/v1/commands/{id}", "00000000-0000-0000-0000-000000000000")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:command-not-found");
	}

	@Test
	void publishesItsOpenApiDescriptionAndSwaggerUi() {
		this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/v1/vehicles/{vin}/commands'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/commands/{id}'].delete")
			.exists();
		this.client.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

	private String createdLocation(VehicleId vin, Map<String, Object> body) {
		return post(vin, body, null).expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
	}

	private RestTestClient.ResponseSpec post(VehicleId vin, Map<String, Object> body, String idempotencyKey) {
		RestTestClient.RequestBodySpec request = this.client.post()
			.uri("/api/v1/vehicles/{vin}/commands", vin.value())
			.contentType(MediaType.APPLICATION_JSON);
		if (idempotencyKey != null) {
			request = request.header("Idempotency-Key", idempotencyKey);
		}
		return request.body(body).exchange();
	}

}
