package com.opencar.car.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.MqttTopic;

/**
 * Configuration of the ingest service, under {@code car.ingest}.
 *
 * @param mqtt the connection to the MQTT broker
 * @param kafka Kafka topics and checks
 * @param routes which MQTT topic filters go to which Kafka topic; the contract's three by
 * default
 * @param validation limits on what cars may send
 * @param bridge how the MQTT to Kafka bridge runs
 * @param http the HTTP ingest endpoint
 */
@ConfigurationProperties("car.ingest")
public record IngestProperties(@DefaultValue Mqtt mqtt, @DefaultValue Kafka kafka, List<Route> routes,
		@DefaultValue Validation validation, @DefaultValue Bridge bridge, @DefaultValue Http http) {

	public IngestProperties {
		routes = (routes == null || routes.isEmpty()) ? Route.CONTRACT : List.copyOf(routes);
	}

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
	 * @param disconnectTimeout how long a stopping client waits for its DISCONNECT to
	 * complete before closing the socket (Paho's completion did not come within the 5 s
	 * default, so each stop took 5 s; the broker has the DISCONNECT either way)
	 * @param sslBundle the Spring SSL bundle ({@code spring.ssl.bundle.*}) whose trust
	 * material (and key, for client certificates) secures an {@code ssl://} connection;
	 * none: the JVM's default trust store
	 * @param stuckTimeout how long the subscription may stay lost before liveness reports
	 * DOWN, so the orchestrator restarts the process (Paho 1.2.5 can hang in its
	 * automatic reconnect after a broker restart; a new process resumes the persistent
	 * session and loses nothing)
	 * @param maxPacketSize the largest packet the broker may send, as MQTT 5 Maximum
	 * Packet Size: a broker drops a larger message for this client instead of sending it
	 */
	public record Mqtt(@DefaultValue("tcp://localhost:1883") URI url, @DefaultValue("ingest-local") String clientId,
			String username, String password, @DefaultValue("1h") Duration sessionExpiry,
			@DefaultValue("30s") Duration keepAlive, @DefaultValue("10s") Duration connectTimeout,
			@DefaultValue("500ms") Duration disconnectTimeout, String sslBundle,
			@DefaultValue("2m") Duration stuckTimeout, @DefaultValue("256KB") DataSize maxPacketSize) {

	}

	/**
	 * @param healthTimeout how long the health check waits for the cluster to answer
	 * @param partitions partitions of the topics the service creates when they do not
	 * exist (the replication factor is the broker's default)
	 */
	public record Kafka(@DefaultValue("5s") Duration healthTimeout, @DefaultValue("4") int partitions) {

	}

	/**
	 * One MQTT topic filter bridged to one Kafka topic, as brokers' Kafka bridges are
	 * configured.
	 *
	 * @param mqttFilter the filter, without any {@code $share/…} prefix
	 * @param kafkaTopic where valid messages go; invalid ones go to its {@code .dlt}
	 * @param kind how payloads are validated and normalized
	 * @param vinLevel which topic level (from 0) holds the VIN
	 */
	public record Route(String mqttFilter, String kafkaTopic, MessageKind kind, @DefaultValue("1") int vinLevel) {

		/** The routes of the MQTT and Kafka contract. */
		public static final List<Route> CONTRACT = List.of(
				new Route(MqttTopic.TELEMETRY.filter(), KafkaTopic.TELEMETRY.topicName(), MessageKind.TELEMETRY, 1),
				new Route(MqttTopic.EVENTS.filter(), KafkaTopic.EVENTS.topicName(), MessageKind.EVENT, 1),
				new Route(MqttTopic.STATUS.filter(), KafkaTopic.CONNECTIVITY.topicName(), MessageKind.STATUS, 1));

		/**
		 * The topic level that holds the VIN, as it was sent (not validated).
		 * @param topic a topic this route matched
		 * @return the level, or {@code null} if the topic has too few levels
		 */
		public String vinSegment(String topic) {
			String[] levels = topic.split("/", -1);
			return (this.vinLevel < levels.length) ? levels[this.vinLevel] : null;
		}

	}

	/**
	 * What a route's payloads are.
	 */
	public enum MessageKind {

		TELEMETRY, EVENT, STATUS

	}

	/**
	 * @param maxPayloadSize larger payloads are dead-lettered as TOO_LARGE
	 * @param maxClockSkew a {@code ts} further in the future than this is dead-lettered
	 * as TIMESTAMP_IN_FUTURE
	 * @param deadLetterMaxPayload a dead letter carries at most this many of the original
	 * bytes, and the original size in a header when it carries fewer, so that a record
	 * Kafka refused for its size can still be dead-lettered
	 */
	public record Validation(@DefaultValue("64KB") DataSize maxPayloadSize, @DefaultValue("5m") Duration maxClockSkew,
			@DefaultValue("64KB") DataSize deadLetterMaxPayload) {

	}

	/**
	 * @param sharedGroup the MQTT 5 shared subscription group instances join
	 * ({@code $share/<group>/…}); blank subscribes without sharing
	 * @param qos the subscription QoS
	 * @param maxInFlight messages received but not yet acknowledged, at most; sent to the
	 * broker as MQTT 5 Receive Maximum (1 to 65535), so the backlog stays in the broker
	 * when Kafka is slow
	 * @param retryInitialInterval first wait before re-sending a message Kafka refused
	 * @param retryMaxInterval longest wait between re-sends
	 * @param dispatchers threads that validate and send; each MQTT topic (so each car's
	 * stream) always goes through the same one, which keeps its order
	 * @param qos0MaxInFlight QoS 0 messages received but not yet in Kafka, at most
	 * (Receive Maximum does not bound QoS 0); further ones are dropped and counted
	 * @param qos0MaxInFlightSize the same bound in payload bytes
	 */
	public record Bridge(@DefaultValue("ingest") String sharedGroup, @DefaultValue("1") int qos,
			@DefaultValue("2000") int maxInFlight, @DefaultValue("500ms") Duration retryInitialInterval,
			@DefaultValue("30s") Duration retryMaxInterval, @DefaultValue("4") int dispatchers,
			@DefaultValue("10000") int qos0MaxInFlight, @DefaultValue("16MB") DataSize qos0MaxInFlightSize) {

	}

	/**
	 * @param maxItems most messages one request may carry, counted while the body is read
	 * @param kafkaTimeout how long a request waits for Kafka before answering 503
	 * @param maxBodySize larger request bodies are answered 413 without being read whole
	 * @param maxInFlight messages of all requests together that may wait for Kafka; a
	 * request that would exceed it is answered 503 with {@code Retry-After} at once, so
	 * an overload bounds memory instead of filling it
	 */
	public record Http(@DefaultValue("1000") int maxItems, @DefaultValue("10s") Duration kafkaTimeout,
			@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("20000") int maxInFlight) {

		public Http {
			if (maxItems < 1 || maxInFlight < maxItems) {
				throw new IllegalArgumentException(
						"car.ingest.http: max-items must be at least 1 and max-in-flight at least max-items");
			}
		}

	}

}
