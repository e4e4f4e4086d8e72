package com.opencar.car.command.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.tracing.Span;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.stereotype.Component;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.process.tracing.MessageTracing;

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

	private final MessageTracing tracing;

	CarPublisher(Mqttv5ClientManager mqtt, VehicleJson json, MessageTracing tracing) {
		this.mqtt = mqtt;
		this.json = json;
		this.tracing = tracing;
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
		List<Span> spans = new ArrayList<>(commands.size());
		MqttException failure = null;
		try {
			for (Outgoing command : commands) {
				Span span = sending(command);
				spans.add(span);
				sent.add(client.publish(MqttTopic.COMMANDS.of(command.vin()), message(command, now, span)));
			}
		}
		catch (MqttException ex) {
			// not connected any more, or the broker's window is full: what went out
			// counts
			failure = ex;
		}
		int acknowledged = 0;
		for (IMqttToken token : sent) {
			try {
				token.waitForCompletion(ACK_WAIT_MILLIS);
				MessageTracing.end(spans.get(acknowledged), null);
				acknowledged++;
			}
			catch (MqttException ex) {
				failure = ex;
				break;
			}
		}
		for (Span span : spans.subList(acknowledged, spans.size())) {
			MessageTracing.end(span, failure);
		}
		return acknowledged;
	}

	/**
	 * The publish's span, in the trace of the request that created the command: the car
	 * gets its context as the {@code traceparent} user property and answers with it.
	 */
	private Span sending(Outgoing command) {
		Span span = this.tracing.start("command publish", command.traceParent());
		if (span != null) {
			span.tag("command.id", command.id().toString())
				.tag("command.type", command.type().name())
				.tag("vin", command.vin().value());
		}
		return span;
	}

	private MqttMessage message(Outgoing command, Instant now, Span span) {
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
		String traceParent = this.tracing.traceParent(span);
		if (traceParent != null) {
			properties.setUserProperties(List.of(new UserProperty(MessageTracing.TRACEPARENT, traceParent)));
		}
		message.setProperties(properties);
		return message;
	}

}
