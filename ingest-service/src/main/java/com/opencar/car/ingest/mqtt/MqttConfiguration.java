package com.opencar.car.ingest.mqtt;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;

import com.opencar.car.ingest.IngestProperties;

/**
 * One MQTT 5 client for the service, built from {@code car.ingest.mqtt}.
 */
@Configuration(proxyBeanMethods = false)
class MqttConfiguration {

	@Bean
	Mqttv5ClientManager mqttClientManager(IngestProperties properties) {
		IngestProperties.Mqtt mqtt = properties.mqtt();
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(new String[] { mqtt.url().toString() });
		options.setCleanStart(false);
		options.setSessionExpiryInterval(mqtt.sessionExpiry().toSeconds());
		options.setAutomaticReconnect(true);
		options.setKeepAliveInterval((int) mqtt.keepAlive().toSeconds());
		options.setConnectionTimeout((int) mqtt.connectTimeout().toSeconds());
		// The broker sends at most this many unacknowledged QoS 1 messages: the bridge's
		// bound
		options.setReceiveMaximum(properties.bridge().maxInFlight());
		if (mqtt.username() != null) {
			options.setUserName(mqtt.username());
		}
		if (mqtt.password() != null) {
			options.setPassword(mqtt.password().getBytes(StandardCharsets.UTF_8));
		}
		Mqttv5ClientManager manager = new Mqttv5ClientManager(options, mqtt.clientId());
		// The service only receives: nothing of its own to keep across restarts
		manager.setPersistence(new MemoryPersistence());
		// PUBACK only once Kafka has the record
		manager.setManualAcks(true);
		return manager;
	}

	@Bean
	MqttHealthIndicator mqttHealthIndicator(Mqttv5ClientManager mqttClientManager, IngestProperties properties) {
		return new MqttHealthIndicator(mqttClientManager, properties.mqtt().url());
	}

}
