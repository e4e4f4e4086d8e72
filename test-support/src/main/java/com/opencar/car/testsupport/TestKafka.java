package com.opencar.car.testsupport;

/**
 * A running Kafka broker.
 *
 * @param bootstrapServers {@code host:port} for clients
 */
public record TestKafka(String bootstrapServers) {

}
