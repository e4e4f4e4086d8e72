package com.opencar.car.simulator;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.common.command.CommandId;
import com.opencar.car.common.command.CommandResponse;
import com.opencar.car.common.command.CommandResponseStatus;
import com.opencar.car.common.command.VehicleCommand;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * One simulated car on its own MQTT 5 connection, following the vehicle contract: a
 * persistent session, {@code status} retained with the Last Will saying offline,
 * telemetry and events with a growing {@code seq}, commands answered RECEIVED and then
 * with the outcome, each command id carried out once. While the car is away (a tunnel, a
 * dead zone) its telemetry waits in a bounded buffer and goes out in order when it is
 * back.
 */
public class SimulatedCar {

	private static final Logger log = LoggerFactory.getLogger(SimulatedCar.class);

	/** Command ids remembered, so a redelivered command is not carried out twice. */
	private static final int REMEMBERED_COMMANDS = 1_000;

	private final VehicleId vin;

	private final SimulatorProperties properties;

	private final VehicleModel model;

	private final RandomGenerator random;

	private final ScheduledExecutorService scheduler;

	private final Clock clock;

	private final VehicleJson json = new VehicleJson();

	private final Mqtt5AsyncClient client;

	private final MqttQos telemetryQos;

	private final Deque<Pending> buffer = new ArrayDeque<>();

	/**
	 * Telemetry sent but not acknowledged, by seq: sent again, in order, after a
	 * reconnect, as a car keeps what the cloud has not confirmed (the platform drops the
	 * duplicates by seq).
	 */
	private final NavigableMap<Long, Pending> unacknowledged = new TreeMap<>();

	private final Set<CommandId> seenCommands = Collections
		.newSetFromMap(new LinkedHashMap<CommandId, Boolean>(16, 0.75f, false) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<CommandId, Boolean> eldest) {
				return size() > REMEMBERED_COMMANDS;
			}
		});

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong executedCommands = new AtomicLong();

	private long seq;

	/** When the current connection was opened: the time of its online status. */
	private Instant connectedAt;

	private boolean online;

	private boolean away;

	public SimulatedCar(VehicleId vin, SimulatorProperties properties, RandomGenerator random,
			ScheduledExecutorService scheduler, Clock clock) {
		this.vin = vin;
		this.properties = properties;
		this.model = new VehicleModel(properties, random);
		this.random = random;
		this.scheduler = scheduler;
		this.clock = clock;
		this.seq = clock.millis();
		this.telemetryQos = (properties.mqtt().qos() == 0) ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
		URI broker = URI.create(properties.mqtt().url());
		Mqtt5ClientBuilder builder = MqttClient.builder()
			.useMqttVersion5()
			.identifier("car-" + vin.value())
			.serverHost(broker.getHost())
			.serverPort(broker.getPort())
			// broker restarts: reconnect with the same session; tunnels are simulated
			// separately
			.automaticReconnect()
			.initialDelay(500, TimeUnit.MILLISECONDS)
			.maxDelay(10, TimeUnit.SECONDS)
			.applyAutomaticReconnect()
			.addConnectedListener((context) -> this.scheduler.execute(this::connected));
		this.client = builder.buildAsync();
		this.client.publishes(MqttGlobalPublishFilter.ALL, this::onPublish);
	}

	public VehicleId vin() {
		return this.vin;
	}

	/** Connects with a persistent session; the car comes online once connected. */
	public CompletableFuture<Void> connect() {
		return this.client.connect(connectMessage()).thenCompose((ack) -> {
			if (ack.isSessionPresent()) {
				return CompletableFuture.completedFuture(null);
			}
			return this.client.subscribeWith()
				.topicFilter(MqttTopic.COMMANDS.of(this.vin))
				.qos(MqttQos.AT_LEAST_ONCE)
				.send()
				.thenApply((subAck) -> null);
		});
	}

	/** Leaves for a while as in a tunnel: the broker publishes the Last Will. */
	public synchronized CompletableFuture<Void> loseConnection() {
		this.online = false;
		this.away = true;
		return this.client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
	}

	/** Back from the tunnel: the same session, then the buffered telemetry in order. */
	public CompletableFuture<Void> regainConnection() {
		synchronized (this) {
			this.away = false;
		}
		return connect();
	}

	/** Leaves for good, saying so: the broker discards the Last Will. */
	public CompletableFuture<Void> stop() {
		synchronized (this) {
			this.away = true;
			if (this.online) {
				publishStatus(false);
			}
			this.online = false;
		}
		return this.client.disconnect().exceptionally((ex) -> null);
	}

	/**
	 * Publishes one load-test telemetry message now.
	 * @param padding filler that brings the payload to the wanted size
	 * @return completes with the broker's acknowledgement (at once for QoS 0)
	 */
	public CompletableFuture<?> publishLoad(String padding) {
		byte[] payload;
		synchronized (this) {
			payload = this.json.write(new TelemetryReported(this.vin, ++this.seq, this.clock.instant(),
					Map.of(VssSignal.SPEED.path(), 50.0, "Vehicle.Private.Padding", padding)));
		}
		this.published.incrementAndGet();
		return this.client.publishWith()
			.topic(MqttTopic.TELEMETRY.of(this.vin))
			.qos(this.telemetryQos)
			.payload(payload)
			.send();
	}

	/** One step of driving; telemetry (and events) out or into the buffer. */
	public synchronized void tick(double seconds) {
		VehicleModel.Step step = this.model.step(seconds);
		Instant now = this.clock.instant();
		Pending telemetry = new Pending(++this.seq,
				this.json.write(new TelemetryReported(this.vin, this.seq, now, step.signals())));
		if (this.online) {
			publishTelemetry(telemetry);
		}
		else {
			if (this.buffer.size() >= this.properties.connectivity().bufferLimit()) {
				this.buffer.removeFirst();
				this.dropped.incrementAndGet();
			}
			this.buffer.addLast(telemetry);
		}
		for (VehicleModel.Event event : step.events()) {
			if (this.online) {
				publish(MqttTopic.EVENTS.of(this.vin),
						this.json
							.write(new VehicleEventReported(this.vin, ++this.seq, now, event.type(), event.data())),
						MqttQos.AT_LEAST_ONCE);
			}
		}
		if (this.online && this.random.nextDouble() < this.properties.connectivity().offlineProbability() * seconds) {
			Duration min = this.properties.connectivity().offlineMin();
			Duration max = this.properties.connectivity().offlineMax();
			long awayMillis = min.toMillis() + (long) (this.random.nextDouble() * (max.toMillis() - min.toMillis()));
			loseConnection();
			this.scheduler.schedule(this::regainConnection, awayMillis, TimeUnit.MILLISECONDS);
		}
	}

	private synchronized void connected() {
		if (this.away) {
			return;
		}
		publish(MqttTopic.STATUS.of(this.vin), status(true, this.connectedAt), MqttQos.AT_LEAST_ONCE, true);
		for (Pending pending : List.copyOf(this.unacknowledged.values())) {
			publishTelemetry(pending);
		}
		while (!this.buffer.isEmpty()) {
			publishTelemetry(this.buffer.removeFirst());
		}
		this.online = true;
	}

	private void onPublish(Mqtt5Publish message) {
		VehicleCommand command;
		try {
			command = this.json.read(message.getPayloadAsBytes(), VehicleCommand.class);
		}
		catch (RuntimeException ex) {
			log.warn("Car {} ignored an unreadable command on {}: {}", this.vin.value(), message.getTopic(),
					ex.getMessage());
			return;
		}
		synchronized (this) {
			if (!this.seenCommands.add(command.commandId())) {
				// redelivered (a retry, or the session resending): carried out once
				// already
				return;
			}
		}
		String responseTopic = message.getResponseTopic()
			.map(Object::toString)
			.orElse(MqttTopic.COMMAND_RESPONSES.of(this.vin));
		byte[] correlation = message.getCorrelationData().map(SimulatedCar::bytes).orElse(null);
		// answers carry the command's trace context on, as a car that traces would
		Mqtt5UserProperties trace = Mqtt5UserProperties.of(message.getUserProperties()
			.asList()
			.stream()
			.filter((property) -> property.getName().toString().equals("traceparent"))
			.<Mqtt5UserProperty>map((property) -> property)
			.toList());
		respond(responseTopic, correlation, trace, command.commandId(), CommandResponseStatus.RECEIVED, null);
		Duration min = this.properties.commands().outcomeDelayMin();
		Duration max = this.properties.commands().outcomeDelayMax();
		long delay = min.toMillis() + (long) (this.random.nextDouble() * (max.toMillis() - min.toMillis()));
		this.scheduler.schedule(() -> {
			String failure;
			synchronized (this) {
				failure = (this.random.nextDouble() < this.properties.commands().failureProbability())
						? "actuator did not respond" : this.model.apply(command.type(), command.params());
				this.executedCommands.incrementAndGet();
			}
			respond(responseTopic, correlation, trace, command.commandId(),
					(failure != null) ? CommandResponseStatus.FAILED : CommandResponseStatus.SUCCEEDED, failure);
		}, delay, TimeUnit.MILLISECONDS);
	}

	private void respond(String topic, byte[] correlation, Mqtt5UserProperties trace, CommandId id,
			CommandResponseStatus status, String reason) {
		byte[] payload = this.json.write(new CommandResponse(id, status, reason, this.clock.instant()));
		var publish = this.client.publishWith()
			.topic(topic)
			.qos(MqttQos.AT_LEAST_ONCE)
			.payload(payload)
			.userProperties(trace);
		if (correlation != null) {
			publish.correlationData(correlation);
		}
		publish.send();
	}

	private void publishTelemetry(Pending telemetry) {
		this.published.incrementAndGet();
		if (this.telemetryQos == MqttQos.AT_LEAST_ONCE) {
			this.unacknowledged.put(telemetry.seq(), telemetry);
		}
		this.client.publishWith()
			.topic(MqttTopic.TELEMETRY.of(this.vin))
			.qos(this.telemetryQos)
			.payload(telemetry.payload())
			.send()
			.whenComplete((result, ex) -> {
				if (ex == null && result.getError().isEmpty()) {
					this.acknowledged.incrementAndGet();
					synchronized (this) {
						this.unacknowledged.remove(telemetry.seq());
					}
				}
			});
	}

	private void publishStatus(boolean online) {
		Instant now = this.clock.instant();
		// after the Last Will's time, or consumers keeping the newest state would drop it
		Instant ts = (this.connectedAt != null && !now.isAfter(this.connectedAt.plusMillis(1)))
				? this.connectedAt.plusMillis(2) : now;
		publish(MqttTopic.STATUS.of(this.vin), status(online, ts), MqttQos.AT_LEAST_ONCE, true);
	}

	private void publish(String topic, byte[] payload, MqttQos qos) {
		publish(topic, payload, qos, false);
	}

	private void publish(String topic, byte[] payload, MqttQos qos, boolean retain) {
		this.published.incrementAndGet();
		this.client.publishWith()
			.topic(topic)
			.qos(qos)
			.retain(retain)
			.payload(payload)
			.send()
			.whenComplete((result, ex) -> {
				if (ex == null && result.getError().isEmpty()) {
					this.acknowledged.incrementAndGet();
				}
			});
	}

	private synchronized Mqtt5Connect connectMessage() {
		Instant now = this.clock.instant();
		this.connectedAt = now;
		// the Last Will's time is one millisecond after the online status it follows, so
		// consumers that keep the newest state by time take it over that status
		Mqtt5ConnectBuilder builder = Mqtt5Connect.builder()
			.cleanStart(false)
			.sessionExpiryInterval(this.properties.mqtt().sessionExpiry().toSeconds())
			.willPublish(Mqtt5Publish.builder()
				.topic(MqttTopic.STATUS.of(this.vin))
				.qos(MqttQos.AT_LEAST_ONCE)
				.retain(true)
				.payload(status(false, now.plusMillis(1)))
				.build()
				.asWill());
		if (this.properties.mqtt().carSecret() != null && !this.properties.mqtt().carSecret().isBlank()) {
			builder.simpleAuth()
				.username(this.vin.value())
				.password(CarCredentials.password(this.properties.mqtt().carSecret(), this.vin)
					.getBytes(StandardCharsets.UTF_8))
				.applySimpleAuth();
		}
		else if (this.properties.mqtt().username() != null) {
			builder.simpleAuth()
				.username(this.properties.mqtt().username())
				.password(String.valueOf(this.properties.mqtt().password()).getBytes(StandardCharsets.UTF_8))
				.applySimpleAuth();
		}
		return builder.build();
	}

	private byte[] status(boolean online, Instant ts) {
		return ("{\"online\":" + online + ",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	/** A telemetry message and its seq. */
	private record Pending(long seq, byte[] payload) {

	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

	public synchronized boolean online() {
		return this.online;
	}

	public synchronized int buffered() {
		return this.buffer.size();
	}

	/**
	 * @return telemetry sent and not yet acknowledged
	 */
	public synchronized int unacknowledged() {
		return this.unacknowledged.size();
	}

	public long published() {
		return this.published.get();
	}

	public long acknowledged() {
		return this.acknowledged.get();
	}

	public long dropped() {
		return this.dropped.get();
	}

	public long executedCommands() {
		return this.executedCommands.get();
	}

	synchronized VehicleModel model() {
		return this.model;
	}

}
