package com.opencar.car.command.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.stereotype.Component;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.MqttTopic;

/**
 * Publishes a command to its car: QoS 1 on {@code vehicles/{vin}/commands} with the MQTT
 * 5 Response Topic, Correlation Data (the command id) and Message Expiry Interval (the
 * time left to live), and returns once the broker acknowledged it; a car's queue goes out
 * several at a time, in order.
 */
@Component
class CarPublisher {

	private static final long ACK_WAIT_MILLIS = 10_000;

	private final Mqttv5ClientManager mqtt;

	private final VehicleJson json;

	CarPublisher(Mqttv5ClientManager mqtt, VehicleJson json) {
		this.mqtt = mqtt;
		this.json = json;
	}

	/**
	 * @return whether the broker acknowledged the publish
	 */
	boolean publish(Outgoing command, Instant now) {
		return publishAll(List.of(command), now) == 1;
	}

	/**
	 * Publishes commands in their order, all in flight at once, and waits for the
	 * broker's acknowledgements.
	 * @param commands commands, in the order their cars must get them
	 * @param now the time of publishing
	 * @return how many of them, from the first, the broker acknowledged: the rest (after
	 * a failure) are not to be counted as sent
	 */
	int publishAll(List<Outgoing> commands, Instant now) {
		IMqttAsyncClient client = this.mqtt.getClient();
		if (client == null || !client.isConnected()) {
			return 0;
		}
		List<IMqttToken> sent = new ArrayList<>(commands.size());
		try {
			for (Outgoing command : commands) {
				sent.add(client.publish(MqttTopic.COMMANDS.of(command.vin()), message(command, now)));
			}
		}
		catch (MqttException ex) {
			// not connected any more, or the broker's window is full: what went out
			// counts
		}
		int acknowledged = 0;
		for (IMqttToken token : sent) {
			try {
				token.waitForCompletion(ACK_WAIT_MILLIS);
				acknowledged++;
			}
			catch (MqttException ex) {
				break;
			}
		}
		return acknowledged;
	}

	private MqttMessage message(Outgoing command, Instant now) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("commandId", command.id().toString());
		payload.put("type", command.type().name());
		payload.put("params", this.json.read(command.paramsJson().getBytes(StandardCharsets.UTF_8), Map.class));
		payload.put("timeoutSeconds", command.timeoutSeconds());
		payload.put("expiresAt", command.expiresAt().toString());
		MqttMessage message = new MqttMessage(this.json.write(payload));
		message.setQos(1);
		MqttProperties properties = new MqttProperties();
		properties.setResponseTopic(MqttTopic.COMMAND_RESPONSES.of(command.vin()));
		properties.setCorrelationData(command.id().toString().getBytes(StandardCharsets.UTF_8));
		properties.setMessageExpiryInterval(Math.max(1, Duration.between(now, command.expiresAt()).toSeconds()));
		message.setProperties(properties);
		return message;
	}

}
