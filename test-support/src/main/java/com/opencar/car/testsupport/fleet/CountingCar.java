package com.opencar.car.testsupport.fleet;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * A car for the fault and deployment scenarios, on a real MQTT 5 client with a persistent
 * session and automatic reconnection: it publishes numbered telemetry at QoS 1 and keeps
 * the books the scenarios are judged by, namely which sequence numbers it sent and which
 * the broker acknowledged with a successful PUBACK; and it executes commands once per
 * command id however often they arrive, answering RECEIVED at once and SUCCEEDED a little
 * later.
 */
public final class CountingCar implements AutoCloseable {

	private static final Pattern COMMAND_ID = Pattern.compile("\"commandId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private final VehicleId vin;

	private final Mqtt5AsyncClient client;

	private final ScheduledExecutorService scheduler;

	private final AtomicLong nextSeq = new AtomicLong(1);

	private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong refused = new AtomicLong();

	private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

	private final Set<String> executed = ConcurrentHashMap.newKeySet();

	/** Command ids in the order they first arrived. */
	private final List<String> arrivals = new CopyOnWriteArrayList<>();

	private final Instant sampledFrom;

	/**
	 * @param vin the car
	 * @param serverUri the broker, {@code tcp://host:port}
	 * @param scheduler runs its delayed answers
	 */
	public CountingCar(VehicleId vin, String serverUri, ScheduledExecutorService scheduler) {
		this.vin = vin;
		this.scheduler = scheduler;
		this.sampledFrom = Instant.now();
		URI broker = URI.create(serverUri);
		this.client = MqttClient.builder()
			.useMqttVersion5()
			.identifier("counting-car-" + vin.value())
			.serverHost(broker.getHost())
			.serverPort(broker.getPort())
			// broker restarts: back with the same session, unacknowledged publishes
			// resent
			.automaticReconnect()
			.initialDelay(200, TimeUnit.MILLISECONDS)
			.maxDelay(2, TimeUnit.SECONDS)
			.applyAutomaticReconnect()
			.addConnectedListener((context) -> announceOnline())
			.buildAsync();
		this.client.publishes(MqttGlobalPublishFilter.ALL, this::onCommand);
	}

	public void connect() {
		this.client.connectWith()
			.cleanStart(false)
			.sessionExpiryInterval(3600)
			.willPublish()
			.topic(MqttTopic.STATUS.of(this.vin))
			.qos(MqttQos.AT_LEAST_ONCE)
			.retain(true)
			.payload(status(false))
			.applyWillPublish()
			.send()
			.join();
		this.client.subscribeWith()
			.topicFilter(MqttTopic.COMMANDS.of(this.vin))
			.qos(MqttQos.AT_LEAST_ONCE)
			.send()
			.join();
	}

	private void announceOnline() {
		this.client.publishWith()
			.topic(MqttTopic.STATUS.of(this.vin))
			.qos(MqttQos.AT_LEAST_ONCE)
			.retain(true)
			.payload(status(true))
			.send();
	}

	/** Publishes the next telemetry message; its PUBACK is booked when it arrives. */
	public void publishNext() {
		long seq = this.nextSeq.getAndIncrement();
		// sampled 10 ms apart: a resent message carries the time of its first sending
		Instant sampled = this.sampledFrom.plusMillis(seq * 10);
		String json = "{\"vin\":\"" + this.vin.value() + "\",\"seq\":" + seq + ",\"ts\":\"" + sampled
				+ "\",\"signals\":{\"Vehicle.Speed\":" + (seq % 130) + ".5}}";
		this.pending.incrementAndGet();
		CompletableFuture<Mqtt5PublishResult> sent = this.client.publishWith()
			.topic(MqttTopic.TELEMETRY.of(this.vin))
			.qos(MqttQos.AT_LEAST_ONCE)
			.payload(json.getBytes(StandardCharsets.UTF_8))
			.send();
		sent.whenComplete((result, failure) -> {
			if (failure == null && result.getError().isEmpty() && acceptedByBroker(result)) {
				this.acknowledged.add(seq);
			}
			else {
				this.refused.incrementAndGet();
			}
			this.pending.decrementAndGet();
		});
	}

	private static boolean acceptedByBroker(Mqtt5PublishResult result) {
		return !(result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1)
				|| !qos1.getPubAck().getReasonCode().isError();
	}

	private void onCommand(Mqtt5Publish command) {
		String payload = StandardCharsets.UTF_8.decode(command.getPayload().orElse(ByteBuffer.allocate(0))).toString();
		Matcher id = COMMAND_ID.matcher(payload);
		if (!id.find()) {
			return;
		}
		String commandId = id.group(1);
		String responseTopic = command.getResponseTopic()
			.map(Object::toString)
			.orElse(MqttTopic.COMMAND_RESPONSES.of(this.vin));
		if (this.deliveries.computeIfAbsent(commandId, (key) -> new AtomicInteger()).incrementAndGet() == 1) {
			this.arrivals.add(commandId);
		}
		answer(responseTopic, commandId, "RECEIVED");
		// executed once per id, however often it is delivered, as the contract asks of
		// cars
		if (this.executed.add(commandId)) {
			this.scheduler.schedule(() -> answer(responseTopic, commandId, "SUCCEEDED"), 1500, TimeUnit.MILLISECONDS);
		}
	}

	private void answer(String topic, String commandId, String status) {
		this.client.publishWith()
			.topic(topic)
			.qos(MqttQos.AT_LEAST_ONCE)
			.payload(("{\"commandId\":\"" + commandId + "\",\"status\":\"" + status + "\",\"ts\":\"" + Instant.now()
					+ "\"}")
				.getBytes(StandardCharsets.UTF_8))
			.send();
	}

	private byte[] status(boolean online) {
		return ("{\"online\":" + online + ",\"ts\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	public VehicleId vin() {
		return this.vin;
	}

	public long sent() {
		return this.nextSeq.get() - 1;
	}

	public Set<Long> acknowledged() {
		return Set.copyOf(this.acknowledged);
	}

	/**
	 * @return publishes still waiting for their PUBACK
	 */
	public int pending() {
		return this.pending.get();
	}

	public long refused() {
		return this.refused.get();
	}

	/**
	 * @return how often each command arrived
	 */
	public Map<String, AtomicInteger> deliveries() {
		return this.deliveries;
	}

	/**
	 * @return the command ids this car executed (each once)
	 */
	public Set<String> executed() {
		return Set.copyOf(this.executed);
	}

	/**
	 * @return the command ids in the order they first reached this car
	 */
	public List<String> arrivals() {
		return List.copyOf(this.arrivals);
	}

	@Override
	public void close() {
		this.client.disconnect().exceptionally((ex) -> null).join();
	}

}
