package com.opencar.car.command.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import com.opencar.car.common.net.MqttSocketFactory;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.MessageArrived;
import com.opencar.car.testsupport.TestMqttBroker;

/**
 * A car on a real MQTT 5 client: records every command it receives and answers each with
 * the given statuses, in order, on the command's response topic (none: a silent car).
 */
public final class TestCar implements AutoCloseable {

	private final MqttAsyncClient client;

	private final VehicleId vin;

	private final List<String> answers;

	private final List<MqttMessage> received = new CopyOnWriteArrayList<>();

	private TestCar(MqttAsyncClient client, VehicleId vin, List<String> answers) {
		this.client = client;
		this.vin = vin;
		this.answers = answers;
	}

	public static TestCar connect(TestMqttBroker broker, VehicleId vin, String... answers) throws Exception {
		MqttAsyncClient client = new MqttAsyncClient(broker.serverUri(), "car-" + vin, new MemoryPersistence());
		TestCar car = new TestCar(client, vin, List.of(answers));
		client.setCallback((MessageArrived) (topic, message) -> car.answer(message));
		MqttConnectionOptions options = new MqttConnectionOptions();
		// as a car should: without it each answer waits for a delayed TCP ACK (~40 ms)
		options.setSocketFactory(MqttSocketFactory.get());
		client.connect(options).waitForCompletion();
		client.subscribe(new MqttSubscription(MqttTopic.COMMANDS.of(vin), 1)).waitForCompletion();
		return car;
	}

	public VehicleId vin() {
		return this.vin;
	}

	public List<MqttMessage> received() {
		return this.received;
	}

	public static String text(MqttMessage message) {
		return new String(message.getPayload(), StandardCharsets.UTF_8);
	}

	private void answer(MqttMessage command) {
		this.received.add(command);
		// asynchronous publishes: a car must not block its MQTT callback thread
		// with the command's trace context, as a car that traces answers
		String traceParent = command.getProperties()
			.getUserProperties()
			.stream()
			.filter((property) -> property.getKey().equals("traceparent"))
			.map(UserProperty::getValue)
			.findFirst()
			.orElse(null);
		for (String status : this.answers) {
			answer(command.getProperties().getResponseTopic(), commandId(command), status, traceParent);
		}
	}

	/**
	 * Answers a command later, as a car does that reports its outcome when done.
	 * @param vin this car
	 * @param commandId the command
	 * @param status RECEIVED, SUCCEEDED, FAILED or REJECTED
	 */
	public void answer(VehicleId vin, String commandId, String status) {
		answer(MqttTopic.COMMAND_RESPONSES.of(vin), commandId, status, null);
	}

	/**
	 * Sends an answer as given, however odd, and waits until the broker has it.
	 * @param json the answer's payload
	 */
	public void send(String json) throws Exception {
		this.client
			.publish(MqttTopic.COMMAND_RESPONSES.of(this.vin),
					new MqttMessage(json.getBytes(StandardCharsets.UTF_8), 1, false, null))
			.waitForCompletion();
	}

	/**
	 * @param command a received command
	 * @return its id
	 */
	public static String commandId(MqttMessage command) {
		String payload = text(command);
		int at = payload.indexOf("\"commandId\":\"") + 13;
		return payload.substring(at, at + 36);
	}

	private void answer(String topic, String commandId, String status, String traceParent) {
		MqttMessage answer = new MqttMessage(
				("{\"commandId\":\"" + commandId + "\",\"status\":\"" + status + "\",\"ts\":\"" + Instant.now() + "\"}")
					.getBytes(StandardCharsets.UTF_8));
		answer.setQos(1);
		if (traceParent != null) {
			MqttProperties properties = new MqttProperties();
			properties.setUserProperties(List.of(new UserProperty("traceparent", traceParent)));
			answer.setProperties(properties);
		}
		try {
			this.client.publish(topic, answer);
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
