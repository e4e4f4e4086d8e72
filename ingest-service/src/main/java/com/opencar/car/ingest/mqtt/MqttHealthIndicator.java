package com.opencar.car.ingest.mqtt;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ApplicationListener;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;
import org.springframework.integration.mqtt.event.MqttIntegrationEvent;
import org.springframework.integration.mqtt.event.MqttSubscribedEvent;

/**
 * UP once the inbound adapter has subscribed, DOWN from a lost or failed connection until
 * it has subscribed again (it does after every automatic reconnect). Part of readiness:
 * without the broker the service receives nothing.
 */
class MqttHealthIndicator extends AbstractHealthIndicator implements ApplicationListener<MqttIntegrationEvent> {

	private final URI url;

	private final String clientId;

	private volatile boolean subscribed;

	private volatile String lastFailure;

	/** {@link System#nanoTime()} since when it has not been subscribed. */
	private volatile long downSince = System.nanoTime();

	MqttHealthIndicator(URI url, String clientId) {
		super("MQTT health check failed");
		this.url = url;
		this.clientId = clientId;
	}

	@Override
	public void onApplicationEvent(MqttIntegrationEvent event) {
		if (event instanceof MqttSubscribedEvent) {
			this.subscribed = true;
		}
		else if (event instanceof MqttConnectionFailedEvent failed) {
			if (this.subscribed) {
				this.downSince = System.nanoTime();
			}
			this.subscribed = false;
			this.lastFailure = String.valueOf(failed.getCause());
		}
	}

	/**
	 * @return how long it has not been subscribed (zero while it is)
	 */
	Duration down() {
		return this.subscribed ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - this.downSince);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.status(this.subscribed ? "UP" : "DOWN")
			.withDetail("url", this.url.toString())
			.withDetail("clientId", this.clientId);
		if (!this.subscribed && this.lastFailure != null) {
			builder.withDetail("lastFailure", this.lastFailure);
		}
	}

}
