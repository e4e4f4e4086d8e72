package com.opencar.car.ingest.mqtt;

import java.net.URI;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;

/**
 * UP while the service is connected to the broker. Part of readiness: without the broker
 * the service receives nothing.
 */
class MqttHealthIndicator extends AbstractHealthIndicator {

	private final Mqttv5ClientManager clientManager;

	private final URI url;

	MqttHealthIndicator(Mqttv5ClientManager clientManager, URI url) {
		super("MQTT health check failed");
		this.clientManager = clientManager;
		this.url = url;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.status(this.clientManager.isConnected() ? "UP" : "DOWN")
			.withDetail("url", this.url.toString())
			.withDetail("clientId", this.clientManager.getClientId());
	}

}
