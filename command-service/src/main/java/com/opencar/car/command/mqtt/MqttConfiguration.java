package com.opencar.car.command.mqtt;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;

import com.opencar.car.common.net.MqttSocketFactory;
import com.opencar.car.command.CommandProperties;

/**
 * One MQTT 5 client for the service, built from {@code car.command.mqtt}. Outgoing
 * commands need no client-side persistence: every pending command is in PostgreSQL and is
 * republished from there.
 */
@Configuration(proxyBeanMethods = false)
class MqttConfiguration {

	@Bean
	MqttConnectionOptions mqttConnectionOptions(CommandProperties properties, SslBundles sslBundles) {
		CommandProperties.Mqtt mqtt = properties.mqtt();
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(new String[] { mqtt.url().toString() });
		options.setCleanStart(false);
		options.setSessionExpiryInterval(mqtt.sessionExpiry().toSeconds());
		options.setAutomaticReconnect(true);
		options.setKeepAliveInterval((int) mqtt.keepAlive().toSeconds());
		options.setConnectionTimeout((int) mqtt.connectTimeout().toSeconds());
		options.setMaximumPacketSize(mqtt.maxPacketSize().toBytes());
		if (mqtt.sslBundle() != null && !mqtt.sslBundle().isBlank()) {
			options.setSocketFactory(sslBundles.getBundle(mqtt.sslBundle()).createSslContext().getSocketFactory());
		}
		else if (MqttSocketFactory.appliesTo(mqtt.url().toString())) {
			options.setSocketFactory(MqttSocketFactory.get());
		}
		if (mqtt.username() != null) {
			options.setUserName(mqtt.username());
		}
		if (mqtt.password() != null) {
			options.setPassword(mqtt.password().getBytes(StandardCharsets.UTF_8));
		}
		return options;
	}

	/**
	 * The client that publishes commands.
	 */
	@Bean
	Mqttv5ClientManager mqttClientManager(MqttConnectionOptions options, CommandProperties properties) {
		Mqttv5ClientManager manager = new Mqttv5ClientManager(options, properties.mqtt().clientId());
		manager.setPersistence(new MemoryPersistence());
		manager.setDisconnectCompletionTimeout(properties.mqtt().disconnectTimeout().toMillis());
		return manager;
	}

	@Bean
	MqttHealthIndicator mqttHealthIndicator(Mqttv5ClientManager mqttClientManager, CommandProperties properties) {
		return new MqttHealthIndicator(mqttClientManager, properties.mqtt().url());
	}

}
