package com.opencar.car.ingest.mqtt;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Part of liveness: DOWN once the MQTT subscription has been lost for longer than
 * {@code car.ingest.mqtt.stuck-timeout}. A broker outage shows in readiness at once; this
 * is for a client that never comes back by itself. Paho 1.2.5 can hang for good in its
 * automatic reconnect when the broker restarts while the service is sending
 * acknowledgements (its sender thread dies on the reset and the next connect waits for it
 * forever: found by the fault-injection tests). A liveness failure makes Kubernetes
 * restart the process, which resumes the persistent session, where the broker kept every
 * unacknowledged message.
 */
class MqttLivenessIndicator extends AbstractHealthIndicator {

	private final MqttHealthIndicator mqtt;

	private final Duration stuckTimeout;

	MqttLivenessIndicator(MqttHealthIndicator mqtt, Duration stuckTimeout) {
		super("MQTT liveness check failed");
		this.mqtt = mqtt;
		this.stuckTimeout = stuckTimeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Duration down = this.mqtt.down();
		builder.status((down.compareTo(this.stuckTimeout) > 0) ? "DOWN" : "UP")
			.withDetail("unsubscribedFor", down.toString())
			.withDetail("stuckTimeout", this.stuckTimeout.toString());
	}

}
