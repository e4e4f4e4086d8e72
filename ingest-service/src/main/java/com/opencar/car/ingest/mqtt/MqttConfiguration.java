package com.opencar.car.ingest.mqtt;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.opencar.car.common.net.MqttSocketFactory;
import com.opencar.car.ingest.IngestProperties;

/**
 * The MQTT 5 connection options, built from {@code car.ingest.mqtt}: a persistent
 * session, automatic reconnects, and the bridge's in-flight bound as Receive Maximum.
 */
@Configuration(proxyBeanMethods = false)
class MqttConfiguration {

	@Bean
	MqttConnectionOptions mqttConnectionOptions(IngestProperties properties, SslBundles sslBundles) {
		IngestProperties.Mqtt mqtt = properties.mqtt();
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(new String[] { mqtt.url().toString() });
		options.setCleanStart(false);
		options.setSessionExpiryInterval(mqtt.sessionExpiry().toSeconds());
		options.setAutomaticReconnect(true);
		options.setKeepAliveInterval((int) mqtt.keepAlive().toSeconds());
		options.setConnectionTimeout((int) mqtt.connectTimeout().toSeconds());
		if (mqtt.sslBundle() != null && !mqtt.sslBundle().isBlank()) {
			options.setSocketFactory(sslBundles.getBundle(mqtt.sslBundle()).createSslContext().getSocketFactory());
		}
		else if (MqttSocketFactory.appliesTo(mqtt.url().toString())) {
			options.setSocketFactory(MqttSocketFactory.get());
		}
		// The broker sends at most this many unacknowledged QoS 1 messages: the bridge's
		// bound
		options.setReceiveMaximum(properties.bridge().maxInFlight());
		options.setMaximumPacketSize(mqtt.maxPacketSize().toBytes());
		if (mqtt.username() != null) {
			options.setUserName(mqtt.username());
		}
		if (mqtt.password() != null) {
			options.setPassword(mqtt.password().getBytes(StandardCharsets.UTF_8));
		}
		return options;
	}

	@Bean
	MqttHealthIndicator mqttHealthIndicator(IngestProperties properties) {
		return new MqttHealthIndicator(properties.mqtt().url(), properties.mqtt().clientId());
	}

	@Bean
	MqttLivenessIndicator mqttLivenessHealthIndicator(MqttHealthIndicator mqttHealthIndicator,
			IngestProperties properties) {
		return new MqttLivenessIndicator(mqttHealthIndicator, properties.mqtt().stuckTimeout());
	}

}
