package com.opencar.car.ingest;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the ingest service, under {@code car.ingest}.
 *
 * @param mqtt the connection to the MQTT broker
 * @param kafka how the service checks on Kafka
 */
@ConfigurationProperties("car.ingest")
public record IngestProperties(@DefaultValue Mqtt mqtt, @DefaultValue Kafka kafka) {

	/**
	 * The MQTT connection. The session is persistent (clean start off) so that what
	 * arrives while the service restarts is kept by the broker.
	 *
	 * @param url the broker, {@code tcp://host:1883} or {@code ssl://host:8883}
	 * @param clientId unique per instance and stable across its restarts
	 * @param username optional
	 * @param password optional
	 * @param sessionExpiry how long the broker keeps the session while disconnected
	 * @param keepAlive MQTT keep-alive interval
	 * @param connectTimeout how long a connection attempt may take
	 */
	public record Mqtt(@DefaultValue("tcp://localhost:1883") URI url, @DefaultValue("ingest-local") String clientId,
			String username, String password, @DefaultValue("1h") Duration sessionExpiry,
			@DefaultValue("30s") Duration keepAlive, @DefaultValue("10s") Duration connectTimeout) {

	}

	/**
	 * @param healthTimeout how long the health check waits for the cluster to answer
	 */
	public record Kafka(@DefaultValue("5s") Duration healthTimeout) {

	}

}
