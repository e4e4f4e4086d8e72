package com.opencar.car.ingest.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestMqttBroker;

import static org.awaitility.Awaitility.await;

/**
 * A car as the contract describes it, on a real MQTT 5 client. {@link #publish} returns
 * once the broker sent PUBACK, so a returned QoS 1 publish is one the platform must not
 * lose.
 */
public final class TestCar implements AutoCloseable {

	private final VehicleId vin;

	private final MqttClient client;

	private TestCar(VehicleId vin, MqttClient client) {
		this.vin = vin;
		this.client = client;
	}

	public static TestCar connect(TestMqttBroker broker, VehicleId vin) {
		return connect(broker, vin, new MqttConnectionOptions());
	}

	public static TestCar connect(TestMqttBroker broker, VehicleId vin, MqttConnectionOptions options) {
		try {
			MqttClient client = new MqttClient(broker.serverUri(), "car-" + vin, new MemoryPersistence());
			client.setTimeToWait(30_000);
			client.connect(options);
			return new TestCar(vin, client);
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Car " + vin + " could not connect", ex);
		}
	}

	public VehicleId vin() {
		return this.vin;
	}

	/**
	 * Publishes contract telemetry with this sequence number and a speed derived from it.
	 * @param seq the sequence number
	 */
	public void publishTelemetry(long seq) {
		publish(MqttTopic.TELEMETRY.of(this.vin), telemetryJson(this.vin, seq), 1);
	}

	/**
	 * Publishes contract telemetry with a W3C trace context, as an MQTT 5 user property.
	 * @param seq the sequence number
	 * @param traceParent the {@code traceparent}
	 */
	public void publishTelemetry(long seq, String traceParent) {
		MqttMessage message = new MqttMessage(telemetryJson(this.vin, seq).getBytes(StandardCharsets.UTF_8));
		message.setQos(1);
		MqttProperties properties = new MqttProperties();
		properties.setUserProperties(List.of(new UserProperty("traceparent", traceParent)));
		message.setProperties(properties);
		if (!tryPublish(MqttTopic.TELEMETRY.of(this.vin), message)) {
			throw new IllegalStateException("Car " + this.vin + " could not publish");
		}
	}

	public void publish(String topic, String payload, int qos) {
		publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos);
	}

	public void publish(String topic, byte[] payload, int qos) {
		MqttMessage message = new MqttMessage(payload);
		message.setQos(qos);
		if (!tryPublish(topic, message)) {
			// Paho 1.2.5 sometimes still counts an acknowledged publish as in flight and
			// refuses the next one ("Too many publishes in progress"); a real car's
			// client waits and sends again, and so does this one
			await().atMost(Duration.ofSeconds(30))
				.pollDelay(Duration.ofMillis(1))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> tryPublish(topic, message));
		}
	}

	private boolean tryPublish(String topic, MqttMessage message) {
		try {
			this.client.publish(topic, message);
			return true;
		}
		catch (MqttException ex) {
			if (ex.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
				return false;
			}
			throw new IllegalStateException("Car " + this.vin + " could not publish to " + topic, ex);
		}
	}

	public static String telemetryJson(VehicleId vin, long seq) {
		return """
				{"vin":"%s","seq":%d,"ts":"%s","signals":{"Vehicle.Speed":%d.5,"Vehicle.Powertrain.TractionBattery.StateOfCharge.Current":76.4}}"""
			.formatted(vin, seq, Instant.now(), seq % 130);
	}

	/**
	 * Drops the connection without DISCONNECT, as a car losing its network does, so the
	 * broker publishes its Last Will.
	 */
	public void loseConnection() {
		try {
			this.client.disconnectForcibly(0, 1000, false);
		}
		catch (MqttException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			if (this.client.isConnected()) {
				this.client.disconnect();
			}
			this.client.close();
		}
		catch (MqttException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
