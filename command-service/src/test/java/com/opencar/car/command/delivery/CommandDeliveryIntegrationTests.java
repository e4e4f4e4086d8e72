package com.opencar.car.command.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.MessageArrived;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands reach a car on a real MQTT 5 client, which answers like a car does.
 */
@CommandIntegrationTest
class CommandDeliveryIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private RestTestClient client;

	@Autowired
	private KafkaTemplate<String, byte[]> kafka;

	@Autowired
	private VehicleJson json;

	@Autowired
	private MeterRegistry meters;

	private final TestVins vins = TestVins.fresh();

	@Test
	void anOnlineCarGetsTheCommandWithMqtt5PropertiesAndItsAnswersFinishIt(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		try (AnsweringCar car = AnsweringCar.connect(broker, vin)) {
			online(vin, true);
			String id = create(vin,
					Map.of("type", "SET_CHARGE_LIMIT", "params", Map.of("percent", 80), "ttlSeconds", 600));
			awaitStatus(id, "SUCCEEDED");
			this.client.get()
				.uri("/api/v1/commands/{id}", id)
				.exchange()
				.expectBody()
				.jsonPath("$.transitions[*].to")
				.isEqualTo(List.of("QUEUED", "SENT", "DELIVERED", "SUCCEEDED"))
				.jsonPath("$.attempts")
				.isEqualTo(1);
			assertThat(car.received).singleElement().satisfies((command) -> {
				assertThat(new String(command.getPayload(), StandardCharsets.UTF_8))
					.contains("\"commandId\":\"" + id + "\"", "\"type\":\"SET_CHARGE_LIMIT\"", "\"percent\":80");
				MqttProperties properties = command.getProperties();
				assertThat(properties.getResponseTopic()).isEqualTo(MqttTopic.COMMAND_RESPONSES.of(vin));
				assertThat(new String(properties.getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo(id);
				assertThat(properties.getMessageExpiryInterval()).isBetween(1L, 600L);
			});
		}
	}

	@Test
	void aCommandForAnOfflineCarWaitsQueuedAndGoesOutWhenTheCarComesOnline(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		try (AnsweringCar car = AnsweringCar.connect(broker, vin)) {
			online(vin, false);
			String first = create(vin, Map.of("type", "UNLOCK_DOORS"));
			String second = create(vin, Map.of("type", "START_CLIMATE", "params", Map.of("targetTemperatureC", 21)));
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> car.received.isEmpty());
			assertThat(status(first)).isEqualTo("QUEUED");

			online(vin, true);
			awaitStatus(first, "SUCCEEDED");
			awaitStatus(second, "SUCCEEDED");
			// delivered in creation order
			assertThat(car.received).extracting((message) -> new String(message.getPayload(), StandardCharsets.UTF_8))
				.satisfiesExactly((one) -> assertThat(one).contains(first), (two) -> assertThat(two).contains(second));
		}
	}

	@Test
	void malformedAndUnknownResponsesAreIgnoredAndCounted(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		double malformed = ignored("malformed");
		double unknown = ignored("unknown-command");
		MqttAsyncClient car = new MqttAsyncClient(broker.serverUri(), "car-" + vin, new MemoryPersistence());
		car.connect(new MqttConnectionOptions()).waitForCompletion();
		try {
			String topic = MqttTopic.COMMAND_RESPONSES.of(vin);
			car.publish(topic, new MqttMessage("{not json".getBytes(StandardCharsets.UTF_8), 1, false, null))
				.waitForCompletion();
			car.publish(topic,
					new MqttMessage(("{\"commandId\":\"" + UUID.randomUUID() + "\",\"status\":\"SUCCEEDED\",\"ts\":\""
							+ Instant.now() + "\"}")
						.getBytes(StandardCharsets.UTF_8), 1, false, null))
				.waitForCompletion();
			await().atMost(PATIENCE)
				.until(() -> ignored("malformed") > malformed && ignored("unknown-command") > unknown);
		}
		finally {
			car.disconnect().waitForCompletion();
			car.close();
		}
	}

	private double ignored(String reason) {
		return Search.in(this.meters)
			.name("car.command.responses")
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private void online(VehicleId vin, boolean online) throws Exception {
		this.kafka
			.send(KafkaTopic.CONNECTIVITY.topicName(), vin.value(),
					this.json.write(new ConnectivityChanged(vin, online, Instant.now())))
			.get();
	}

	private String create(VehicleId vin, Map<String, Object> body) {
		return String.valueOf(this.client.post()
			.uri("/api/v1/vehicles/{vin}/commands", vin.value())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id"));
	}

	private String status(String id) {
		return String.valueOf(this.client.get()
			.uri("/api/v1/commands/{id}", id)
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("status"));
	}

	private void awaitStatus(String id, String status) {
		await().atMost(PATIENCE).until(() -> status(id), status::equals);
	}

	/**
	 * A car that answers every command RECEIVED, then SUCCEEDED, on the response topic
	 * the command names.
	 */
	private static final class AnsweringCar implements AutoCloseable {

		private final MqttAsyncClient client;

		private final List<MqttMessage> received = new CopyOnWriteArrayList<>();

		private AnsweringCar(MqttAsyncClient client) {
			this.client = client;
		}

		static AnsweringCar connect(TestMqttBroker broker, VehicleId vin) throws Exception {
			MqttAsyncClient client = new MqttAsyncClient(broker.serverUri(), "car-" + vin, new MemoryPersistence());
			AnsweringCar car = new AnsweringCar(client);
			client.setCallback((MessageArrived) (topic, message) -> car.answer(message));
			client.connect(new MqttConnectionOptions()).waitForCompletion();
			client.subscribe(new MqttSubscription(MqttTopic.COMMANDS.of(vin), 1)).waitForCompletion();
			return car;
		}

		private void answer(MqttMessage command) {
			this.received.add(command);
			String payload = new String(command.getPayload(), StandardCharsets.UTF_8);
			String id = payload.substring(payload.indexOf("\"commandId\":\"") + 13,
					payload.indexOf("\"commandId\":\"") + 13 + 36);
			String responseTopic = command.getProperties().getResponseTopic();
			try {
				// asynchronous publishes: a car must not block its MQTT callback thread
				for (String status : List.of("RECEIVED", "SUCCEEDED")) {
					MqttMessage answer = new MqttMessage(("{\"commandId\":\"" + id + "\",\"status\":\"" + status
							+ "\",\"ts\":\"" + Instant.now() + "\"}")
						.getBytes(StandardCharsets.UTF_8));
					answer.setQos(1);
					this.client.publish(responseTopic, answer);
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() throws Exception {
			this.client.disconnect().waitForCompletion();
			this.client.close();
		}

	}

}
