package com.opencar.car.simulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.opencar.car.common.command.CommandId;
import com.opencar.car.common.command.CommandResponseStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.command.VehicleCommand;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.SecureMosquitto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Simulated cars on the secured broker of {@code security/mosquitto}: with
 * {@code car.simulator.mqtt.car-secret} each car signs in as itself (its VIN and the
 * password derived from the secret, the same one {@code security/car-password.sh}
 * computes), publishes its telemetry and answers a command within its own topics.
 */
class SecureBrokerIntegrationTests {

	private static final Path SECURITY = Path.of("..", "security").toAbsolutePath().normalize();

	private static final String SECRET = "fleet-secret-for-tests";

	private final VehicleJson json = new VehicleJson();

	@Test
	void theScriptAndTheSimulatorDeriveTheSamePassword() throws Exception {
		VehicleId vin = Simulator.vin("SMCAR000", 1);
		Process script = new ProcessBuilder(SECURITY.resolve("car-password.sh").toString(), SECRET, vin.value())
			.start();
		String printed = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(script.waitFor()).isZero();
		assertThat(printed).isEqualTo(CarCredentials.password(SECRET, vin)).hasSize(43);
		assertThat(CarCredentials.password(SECRET, Simulator.vin("SMCAR000", 2))).isNotEqualTo(printed);
	}

	@Test
	void aCarSignsInAsItselfPublishesItsTelemetryAndAnswersItsCommands() {
		VehicleId vin = Simulator.vin("SECUR000", 7);
		try (SecureMosquitto broker = SecureMosquitto.start(SECURITY, Map.of(vin.value(),
				CarCredentials.password(SECRET, vin), "ingest", "ingest-secret", "command", "command-secret"))) {
			List<Mqtt5Publish> atIngest = new CopyOnWriteArrayList<>();
			Mqtt5BlockingClient ingest = client(broker, "ingest", "ingest-secret");
			ingest.toAsync().publishes(MqttGlobalPublishFilter.ALL, atIngest::add);
			ingest.subscribeWith().topicFilter("$share/ingest/vehicles/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send();
			List<Mqtt5Publish> atCommand = new CopyOnWriteArrayList<>();
			Mqtt5BlockingClient command = client(broker, "command", "command-secret");
			command.toAsync().publishes(MqttGlobalPublishFilter.ALL, atCommand::add);
			command.subscribeWith()
				.topicFilter("$share/command/vehicles/+/command-responses")
				.qos(MqttQos.AT_LEAST_ONCE)
				.send();

			SimulatorProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
					"car.simulator.mqtt.url", "tcp://127.0.0.1:" + broker.plainPort(), "car.simulator.mqtt.car-secret",
					SECRET, "car.simulator.connectivity.offline-probability", "0",
					"car.simulator.commands.failure-probability", "0", "car.simulator.commands.outcome-delay-min",
					"10ms", "car.simulator.commands.outcome-delay-max", "20ms")))
				.bindOrCreate("car.simulator", SimulatorProperties.class);
			ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
			SimulatedCar car = new SimulatedCar(vin, properties, new SplittableRandom(3), scheduler, Clock.systemUTC());
			try {
				car.connect().join();
				await().atMost(Duration.ofSeconds(10)).until(car::online);
				car.tick(1.0);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> atIngest.stream()
						.anyMatch((message) -> message.getTopic().toString().equals(MqttTopic.TELEMETRY.of(vin))));

				CommandId id = CommandId.random();
				command.publishWith()
					.topic(MqttTopic.COMMANDS.of(vin))
					.qos(MqttQos.AT_LEAST_ONCE)
					.responseTopic(MqttTopic.COMMAND_RESPONSES.of(vin))
					.payload(this.json
						.write(new VehicleCommand(id, CommandType.LOCK_DOORS, Map.of(), Instant.now().plusSeconds(60))))
					.send();
				await().atMost(Duration.ofSeconds(10)).until(() -> atCommand.size() >= 2);
				assertThat(atCommand)
					.extracting((message) -> this.json.readCommandResponse(message.getPayloadAsBytes()).status())
					.containsExactly(CommandResponseStatus.RECEIVED, CommandResponseStatus.SUCCEEDED);
			}
			finally {
				car.stop().join();
				scheduler.shutdownNow();
				ingest.disconnect();
				command.disconnect();
			}
		}
	}

	private static Mqtt5BlockingClient client(SecureMosquitto broker, String user, String password) {
		Mqtt5BlockingClient client = MqttClient.builder()
			.useMqttVersion5()
			.identifier(user + "-" + System.nanoTime())
			.serverHost("127.0.0.1")
			.serverPort(broker.plainPort())
			.simpleAuth()
			.username(user)
			.password(password.getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildBlocking();
		client.connect();
		return client;
	}

}
