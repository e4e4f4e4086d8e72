package com.opencar.car.testsupport;

/**
 * A running Kafka broker.
 */
public interface TestKafka {

	/**
	 * The bootstrap servers, {@code host:port}.
	 * @return the bootstrap servers
	 */
	String bootstrapServers();

}
