package com.opencar.car.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.SplittableRandom;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.opencar.car.common.command.CommandId;
import com.opencar.car.common.command.CommandResponse;
import com.opencar.car.common.command.CommandResponseStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.command.VehicleCommand;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One simulated car against a real MQTT 5 broker (HiveMQ CE), watched by a second client.
 */
@RealServers(Server.MQTT)
class SimulatedCarIntegrationTests {

	private final VehicleJson json = new VehicleJson();

	private final List<Mqtt5Publish> seen = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private SimulatorProperties properties;

	private Mqtt5AsyncClient observer;

	private SimulatedCar car;

	private VehicleId vin;

	@BeforeEach
	void connect(TestMqttBroker broker) {
		Map<String, String> config = new HashMap<>();
		config.put("car.simulator.mqtt.url", broker.serverUri());
		config.put("car.simulator.connectivity.offline-probability", "0");
		config.put("car.simulator.commands.failure-probability", "0");
		config.put("car.simulator.commands.outcome-delay-min", "50ms");
		config.put("car.simulator.commands.outcome-delay-max", "100ms");
		this.properties = new Binder(new MapConfigurationPropertySource(config)).bindOrCreate("car.simulator",
				SimulatorProperties.class);
		this.vin = TestVins.fresh().next();
		this.observer = MqttClient.builder()
			.useMqttVersion5()
			.identifier("observer-" + UUID.randomUUID())
			.serverHost(broker.host())
			.serverPort(broker.port())
			.buildAsync();
		this.observer.publishes(MqttGlobalPublishFilter.ALL, this.seen::add);
		this.observer.connect().join();
		this.observer.subscribeWith()
			.topicFilter("vehicles/" + this.vin.value() + "/#")
			.qos(MqttQos.AT_LEAST_ONCE)
			.send()
			.join();
		this.car = new SimulatedCar(this.vin, this.properties, new SplittableRandom(7), this.scheduler,
				Clock.systemUTC());
		this.car.connect().join();
		await().atMost(Duration.ofSeconds(10)).until(this.car::online);
	}

	@AfterEach
	void disconnect() {
		this.car.stop().join();
		this.observer.disconnect().join();
		this.scheduler.shutdownNow();
	}

	@Test
	void buffersTelemetryWhileAwayAndSendsItInOrderWhenBack() {
		tick(3);
		this.car.loseConnection().join();
		tick(5);
		assertThat(this.car.buffered()).isEqualTo(5);
		this.car.regainConnection().join();
		await().atMost(Duration.ofSeconds(10)).until(this.car::online);
		tick(2);
		// what was in flight when the connection went may come twice (the platform drops
		// duplicates by seq); each message's first arrival is in order and none is
		// missing
		await().atMost(Duration.ofSeconds(10))
			.until(() -> telemetry().stream().map(TelemetryReported::seq).distinct().count() == 10);
		List<Long> seqs = telemetry().stream().map(TelemetryReported::seq).distinct().toList();
		assertThat(seqs).isSorted();
		assertThat(seqs.get(9) - seqs.get(0)).isEqualTo(9);
		assertThat(this.car.buffered()).isZero();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.car.unacknowledged() == 0);
	}

	@Test
	void theLastWillSaysOfflineWhenTheConnectionIsLostAndIsNewerThanTheOnlineStatus() {
		await().atMost(Duration.ofSeconds(10)).until(() -> statuses().size() == 1);
		this.car.loseConnection().join();
		await().atMost(Duration.ofSeconds(10)).until(() -> statuses().size() == 2);
		List<ConnectivityChanged> statuses = statuses();
		assertThat(statuses).extracting(ConnectivityChanged::online).containsExactly(true, false);
		assertThat(statuses.get(1).ts()).isAfter(statuses.get(0).ts());
		this.car.regainConnection().join();
		await().atMost(Duration.ofSeconds(10)).until(() -> statuses().size() == 3);
		assertThat(statuses().get(2).online()).isTrue();
		assertThat(statuses().get(2).ts()).isAfter(statuses.get(1).ts());
	}

	@Test
	void answersReceivedThenTheOutcomeOnceForARedeliveredCommandAndShowsTheChangeInTelemetry() {
		CommandId id = CommandId.random();
		byte[] command = this.json.write(new VehicleCommand(id, CommandType.SET_CHARGE_LIMIT, Map.of("percent", 65),
				Instant.now().plusSeconds(60)));
		String responseTopic = "platform/responses/" + this.vin.value();
		this.observer.subscribeWith().topicFilter(responseTopic).qos(MqttQos.AT_LEAST_ONCE).send().join();
		for (int delivery = 0; delivery < 2; delivery++) {
			this.observer.publishWith()
				.topic(MqttTopic.COMMANDS.of(this.vin))
				.qos(MqttQos.AT_LEAST_ONCE)
				.responseTopic(responseTopic)
				.correlationData(id.value().toString().getBytes(StandardCharsets.UTF_8))
				.payload(command)
				.send()
				.join();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> responses(responseTopic).size() >= 2);
		// and no more answers come: the duplicate is not carried out
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> responses(responseTopic).size() == 2);
		assertThat(responses(responseTopic)).extracting(CommandResponse::status)
			.containsExactly(CommandResponseStatus.RECEIVED, CommandResponseStatus.SUCCEEDED);
		assertThat(this.seen.stream().filter((message) -> message.getTopic().toString().equals(responseTopic)))
			.allSatisfy((message) -> assertThat(new String(message.getCorrelationData()
				.map((buffer) -> StandardCharsets.UTF_8.decode(buffer.duplicate()).toString())
				.orElseThrow())).isEqualTo(id.value().toString()));
		assertThat(this.car.executedCommands()).isEqualTo(1);
		tick(1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !telemetry().isEmpty() && Double.valueOf(65)
				.equals(telemetry().get(telemetry().size() - 1).signals().get(VssSignal.CHARGE_LIMIT.path())));
	}

	private void tick(int times) {
		for (int index = 0; index < times; index++) {
			this.car.tick(1.0);
		}
	}

	private List<TelemetryReported> telemetry() {
		return this.seen.stream()
			.filter((message) -> message.getTopic().toString().equals(MqttTopic.TELEMETRY.of(this.vin)))
			.map((message) -> this.json.readTelemetry(message.getPayloadAsBytes(), this.vin))
			.toList();
	}

	private List<ConnectivityChanged> statuses() {
		return this.seen.stream()
			.filter((message) -> message.getTopic().toString().equals(MqttTopic.STATUS.of(this.vin)))
			.map((message) -> this.json.readStatus(message.getPayloadAsBytes(), this.vin))
			.toList();
	}

	private List<CommandResponse> responses(String topic) {
		return this.seen.stream()
			.filter((message) -> message.getTopic().toString().equals(topic))
			.map((message) -> this.json.readCommandResponse(message.getPayloadAsBytes()))
			.toList();
	}

}
