package com.opencar.car.command.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.command.support.CommandsApi;
import com.opencar.car.command.support.ResponseCounts;
import com.opencar.car.command.support.TestCar;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.mqtt.ResumingInboundAdapter;
import com.opencar.car.testsupport.LifecycleOrder;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands reach a car on a real MQTT 5 client, which answers like a car does.
 */
@CommandIntegrationTest
// twenty commands in a row from one caller: more than the default burst
@TestPropertySource(properties = "car.command.rate-limit.enabled=false")
class CommandDeliveryIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private MeterRegistry meters;

	private final TestVins vins = TestVins.fresh();

	@Autowired
	private CommandsApi api;

	@Autowired
	private RestTestClient client;

	@Autowired
	private ConfigurableApplicationContext context;

	/**
	 * The answers' adapter starts after their handler subscribed and stops before it
	 * unsubscribes, so no answer meets a flow without subscribers (it did not while the
	 * flow was built from the adapter, see the ingest service's bridge).
	 */
	@Test
	void receivesAnswersOnlyWhileTheirHandlerIsSubscribed() {
		assertThat(LifecycleOrder.startsAfterAndStopsBefore(this.context, "commandResponsesInbound",
				"commandResponseHandler"))
			.isTrue();
	}

	/** HiveMQ CE's shared subscriptions stall (see {@code CommandIntegrationTest}). */
	@Test
	void answersComeOnAPlainSubscriptionOnTheTestBroker() {
		assertThat(this.context.getBean("commandResponsesInbound", ResumingInboundAdapter.class).getTopic())
			.containsExactly(MqttTopic.COMMAND_RESPONSES.filter());
	}

	@Test
	void anOnlineCarGetsTheCommandWithMqtt5PropertiesAndItsAnswersFinishIt(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED")) {
			this.api.connectivity(vin, true);
			String id = this.api.create(vin,
					Map.of("type", "SET_CHARGE_LIMIT", "params", Map.of("percent", 80), "ttlSeconds", 600));
			this.api.awaitStatus(id, "SUCCEEDED");
			this.client.get()
				.uri("/api/v1/commands/{id}", id)
				.exchange()
				.expectBody()
				.jsonPath("$.transitions[*].to")
				.isEqualTo(List.of("QUEUED", "SENT", "DELIVERED", "SUCCEEDED"))
				.jsonPath("$.attempts")
				.isEqualTo(1);
			assertThat(car.received()).singleElement().satisfies((command) -> {
				assertThat(TestCar.text(command)).contains("\"commandId\":\"" + id + "\"",
						"\"type\":\"SET_CHARGE_LIMIT\"", "\"percent\":80");
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
		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED")) {
			this.api.connectivity(vin, false);
			String first = this.api.create(vin, Map.of("type", "UNLOCK_DOORS"));
			String second = this.api.create(vin,
					Map.of("type", "START_CLIMATE", "params", Map.of("targetTemperatureC", 21)));
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> car.received().isEmpty());
			assertThat(this.api.status(first)).isEqualTo("QUEUED");

			this.api.connectivity(vin, true);
			this.api.awaitStatus(first, "SUCCEEDED");
			this.api.awaitStatus(second, "SUCCEEDED");
			// delivered in creation order
			assertThat(car.received()).extracting(TestCar::text)
				.satisfiesExactly((one) -> assertThat(one).contains(first), (two) -> assertThat(two).contains(second));
		}
	}

	/**
	 * The window a killed instance leaves: the car got the command, but SENT was never
	 * recorded. The car's answers to the command, still QUEUED here, finish it
	 * truthfully.
	 */
	@Test
	void answersToACommandStillQueuedProveItWasSent(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		try (TestCar car = TestCar.connect(broker, vin)) {
			this.api.connectivity(vin, false);
			String id = this.api.create(vin, Map.of("type", "LOCK_DOORS"));
			assertThat(this.api.status(id)).isEqualTo("QUEUED");
			car.answer(vin, id, "RECEIVED");
			car.answer(vin, id, "SUCCEEDED");
			this.api.awaitStatus(id, "SUCCEEDED");
			assertThat(this.api.statuses(id)).containsExactly("QUEUED", "SENT", "DELIVERED", "SUCCEEDED");
			assertThat(car.received()).as("nothing published: the car is offline").isEmpty();
		}
	}

	@Test
	void commandsForAnOnlineCarGoOutAtOnceAndInCreationOrder(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED")) {
			this.api.connectivity(vin, true);
			List<String> created = new ArrayList<>();
			for (int index = 0; index < 20; index++) {
				created.add(this.api.create(vin, Map.of("type", (index % 2 == 0) ? "LOCK_DOORS" : "UNLOCK_DOORS")));
			}
			created.forEach((id) -> this.api.awaitStatus(id, "SUCCEEDED"));
			// each new command is published as soon as it is created unless an older one
			// of the car waits: the car sees them in the order they were created
			assertThat(car.received()).extracting(TestCar::commandId).containsExactlyElementsOf(created);
			// and each command's answers applied in the order the car sent them
			assertThat(created).allSatisfy((id) -> assertThat(this.api.statuses(id)).containsExactly("QUEUED", "SENT",
					"DELIVERED", "SUCCEEDED"));
		}
	}

	/**
	 * Answers are applied by several workers, each for its share of the cars: every
	 * command's answers still apply in the order its car sent them.
	 */
	@Test
	void manyCarsAnswersApplyInOrderAcrossTheWorkers(TestMqttBroker broker) throws Exception {
		List<TestCar> cars = new ArrayList<>();
		List<String> created = new ArrayList<>();
		try {
			for (int index = 0; index < 8; index++) {
				VehicleId vin = this.vins.next();
				cars.add(TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED"));
				this.api.connectivity(vin, true);
			}
			for (int round = 0; round < 5; round++) {
				for (TestCar car : cars) {
					created.add(this.api.create(car.vin(), Map.of("type", "LOCATE")));
				}
			}
			created.forEach((id) -> this.api.awaitStatus(id, "SUCCEEDED"));
			assertThat(created).allSatisfy((id) -> assertThat(this.api.statuses(id)).containsExactly("QUEUED", "SENT",
					"DELIVERED", "SUCCEEDED"));
		}
		finally {
			for (TestCar car : cars) {
				car.close();
			}
		}
	}

	/**
	 * The usual answers take a set-based path that only the lifecycle's allowed moves
	 * pass; why it refused the others is read in one query and counted by reason.
	 */
	@Test
	void answersTheLifecycleRefusesChangeNothingAndAreCounted(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		VehicleId other = this.vins.next();
		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED");
				TestCar stranger = TestCar.connect(broker, other)) {
			this.api.connectivity(vin, true);
			String id = this.api.create(vin, Map.of("type", "LOCK_DOORS"));
			this.api.awaitStatus(id, "SUCCEEDED");
			double duplicates = ignored("duplicate");
			double tooLate = ignored("too-late");
			double otherVehicle = ignored("other-vehicle");
			car.answer(vin, id, "SUCCEEDED");
			car.answer(vin, id, "FAILED");
			stranger.answer(other, id, "RECEIVED");
			await().atMost(PATIENCE)
				.until(() -> ignored("duplicate") > duplicates && ignored("too-late") > tooLate
						&& ignored("other-vehicle") > otherVehicle);
			assertThat(this.api.statuses(id)).containsExactly("QUEUED", "SENT", "DELIVERED", "SUCCEEDED");
		}
	}

	/**
	 * One car's answer that PostgreSQL cannot store (valid JSON, a NUL character in its
	 * reason) used to be retried forever and to halt every car's answers: it is rejected
	 * and counted, its neighbour in the same car's queue applies, other cars' answers
	 * before and after it apply, and the service stays healthy.
	 */
	@Test
	void anAnswerTheDatabaseCannotStoreIsRejectedAndEveryOtherAnswerApplies(TestMqttBroker broker) throws Exception {
		VehicleId poisoner = this.vins.next();
		List<VehicleId> others = List.of(this.vins.next(), this.vins.next(), this.vins.next(), this.vins.next());
		List<TestCar> cars = new ArrayList<>();
		try (TestCar car = TestCar.connect(broker, poisoner, "RECEIVED")) {
			for (VehicleId other : others) {
				cars.add(TestCar.connect(broker, other, "RECEIVED", "SUCCEEDED"));
				this.api.connectivity(other, true);
			}
			this.api.connectivity(poisoner, true);
			List<String> before = others.stream()
				.map((vin) -> this.api.create(vin, Map.of("type", "LOCK_DOORS")))
				.toList();
			String poisoned = this.api.create(poisoner, Map.of("type", "HONK_AND_FLASH", "timeoutSeconds", 300));
			String next = this.api.create(poisoner, Map.of("type", "LOCK_DOORS", "timeoutSeconds", 300));
			this.api.awaitStatus(poisoned, "DELIVERED");
			this.api.awaitStatus(next, "DELIVERED");
			double rejected = ResponseCounts.of(this.meters, "reason", "unstorable");
			// back to back on the car's queue: usually one round, one statement
			car.send("{\"commandId\":\"" + poisoned + "\",\"status\":\"FAILED\",\"reason\":\"\\u0000\",\"ts\":\""
					+ Instant.now() + "\"}");
			car.answer(poisoner, next, "SUCCEEDED");
			List<String> after = others.stream()
				.map((vin) -> this.api.create(vin, Map.of("type", "LOCK_DOORS")))
				.toList();

			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(ResponseCounts.of(this.meters, "reason", "unstorable"))
					.isGreaterThan(rejected));
			this.api.awaitStatus(next, "SUCCEEDED");
			before.forEach((id) -> this.api.awaitStatus(id, "SUCCEEDED"));
			after.forEach((id) -> this.api.awaitStatus(id, "SUCCEEDED"));
			assertThat(this.api.status(poisoned)).as("the rejected answer changed nothing").isEqualTo("DELIVERED");
			assertThat(Search.in(this.meters)
				.name("car.command.responses")
				.tags("result", "rejected", "reason", "unstorable")
				.counter()).isNotNull();
			this.client.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
		}
		finally {
			for (TestCar other : cars) {
				other.close();
			}
		}
	}

	@Test
	void malformedResponsesAreRejectedAndUnknownOnesIgnoredAndBothCounted(TestMqttBroker broker) throws Exception {
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
		return ResponseCounts.of(this.meters, "reason", reason);
	}

}
