package com.opencar.car.command;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the command service, under {@code car.command}.
 *
 * @param mqtt the connection to the MQTT broker
 * @param kafka the topic the service owns
 * @param delivery how commands reach cars
 */
@ConfigurationProperties("car.command")
public record CommandProperties(@DefaultValue Mqtt mqtt, @DefaultValue Kafka kafka, @DefaultValue Delivery delivery) {

	/**
	 * @param ackTimeout how long a SENT command waits for the car's RECEIVED before it is
	 * published again
	 * @param sharedGroup the MQTT 5 shared subscription group for responses, so instances
	 * split them
	 * @param maxAttempts how often a command is published without a RECEIVED before it is
	 * TIMED_OUT
	 * @param dispatchers threads that publish new commands as soon as they are created
	 * (the periodic dispatch catches whatever they could not take)
	 * @param answerBatch how many of the cars' answers are applied at most in one
	 * statement (all that waited, up to this)
	 * @param answerWorkers threads applying the cars' answers, each for its share of the
	 * cars: more keep up with answers on a busy machine, fewer make larger batches (on 2
	 * cores, flat out: one let answers queue by the ten thousand, four cost a fifth more
	 * CPU per command than two)
	 */
	public record Delivery(@DefaultValue("10s") Duration ackTimeout, @DefaultValue("command") String sharedGroup,
			@DefaultValue("3") int maxAttempts, @DefaultValue("4") int dispatchers,
			@DefaultValue("500") int answerBatch, @DefaultValue("2") int answerWorkers) {

		public Delivery {
			if (answerBatch < 1 || answerWorkers < 1 || dispatchers < 1) {
				throw new IllegalArgumentException(
						"car.command.delivery: answer-batch, answer-workers and dispatchers must be at least 1");
			}
		}

	}

	/**
	 * The MQTT connection, persistent so responses sent while the service restarts are
	 * kept.
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
	 * @param maxPacketSize the largest packet the broker may send, as MQTT 5 Maximum
	 * Packet Size: a broker drops a larger answer for this client instead of sending it
	 */
	public record Mqtt(@DefaultValue("tcp://localhost:1883") URI url, @DefaultValue("command-local") String clientId,
			String username, String password, @DefaultValue("1h") Duration sessionExpiry,
			@DefaultValue("30s") Duration keepAlive, @DefaultValue("10s") Duration connectTimeout,
			@DefaultValue("500ms") Duration disconnectTimeout, String sslBundle,
			@DefaultValue("256KB") DataSize maxPacketSize) {

	}

	/**
	 * @param commandsPartitions partitions of {@code vehicle.commands.v1} when the
	 * service creates it; the replication factor is the broker's default
	 */
	public record Kafka(@DefaultValue("4") int commandsPartitions) {

	}

}
