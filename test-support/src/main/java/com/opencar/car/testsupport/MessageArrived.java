package com.opencar.car.testsupport;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho client callback that only handles arriving messages, for test subscribers. Paho
 * matches per-subscription listeners against the filter, which a {@code $share/…} filter
 * never equals, so shared subscribers need the client callback.
 */
@FunctionalInterface
public interface MessageArrived extends MqttCallback {

	@Override
	void messageArrived(String topic, MqttMessage message);

	@Override
	default void disconnected(MqttDisconnectResponse response) {
	}

	@Override
	default void mqttErrorOccurred(MqttException exception) {
	}

	@Override
	default void deliveryComplete(IMqttToken token) {
	}

	@Override
	default void connectComplete(boolean reconnect, String serverUri) {
	}

	@Override
	default void authPacketArrived(int reasonCode, MqttProperties properties) {
	}

}
