package com.opencar.car.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RealServers(Server.MOSQUITTO)
class MosquittoIntegrationTests {

	@Test
	void sharesASubscriptionsMessagesAmongItsMembers(TestMosquitto mosquitto) throws Exception {
		String group = "$share/probe-" + UUID.randomUUID() + "/vehicles/+/telemetry";
		AtomicInteger first = new AtomicInteger();
		AtomicInteger second = new AtomicInteger();
		List<MqttClient> clients = List.of(subscriber(mosquitto, group, first), subscriber(mosquitto, group, second),
				new MqttClient(mosquitto.serverUri(), "pub-" + UUID.randomUUID(), new MemoryPersistence()));
		try {
			MqttClient publisher = clients.get(2);
			publisher.connect(new MqttConnectionOptions());
			for (int i = 0; i < 100; i++) {
				publisher.publish("vehicles/WVWZZZ1JZXW000001/telemetry",
						new MqttMessage(new byte[] { 1 }, 1, false, null));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> first.get() + second.get() == 100);
			assertThat(first.get()).isBetween(25, 75);
		}
		finally {
			for (MqttClient client : clients) {
				if (client.isConnected()) {
					client.disconnect();
				}
				client.close();
			}
		}
	}

	private static MqttClient subscriber(TestMosquitto mosquitto, String filter, AtomicInteger counter)
			throws Exception {
		MqttClient client = new MqttClient(mosquitto.serverUri(), "sub-" + UUID.randomUUID(), new MemoryPersistence());
		// Paho matches per-subscription listeners against the filter, which a $share
		// filter never equals, so count in the client callback
		client.setCallback(new MqttCallbackAdapter() {

			@Override
			public void messageArrived(String topic, MqttMessage message) {
				counter.incrementAndGet();
			}

		});
		client.connect(new MqttConnectionOptions());
		client.subscribe(new MqttSubscription[] { new MqttSubscription(filter, 1) });
		return client;
	}

	private abstract static class MqttCallbackAdapter implements MqttCallback {

		@Override
		public void disconnected(MqttDisconnectResponse response) {
		}

		@Override
		public void mqttErrorOccurred(MqttException exception) {
		}

		@Override
		public void deliveryComplete(IMqttToken token) {
		}

		@Override
		public void connectComplete(boolean reconnect, String serverUri) {
		}

		@Override
		public void authPacketArrived(int reasonCode, MqttProperties properties) {
		}

	}

}
