package com.opencar.car.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
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
		client.setCallback((MessageArrived) (topic, message) -> counter.incrementAndGet());
		client.connect(new MqttConnectionOptions());
		client.subscribe(new MqttSubscription[] { new MqttSubscription(filter, 1) });
		return client;
	}

}
