package com.opencar.car.testsupport;

/**
 * A running Kafka broker.
 *
 * @param bootstrapServers {@code host:port} for clients
 * @param outage stops and restarts the broker, keeping its address and data
 */
public record TestKafka(String bootstrapServers, Outage outage) {

}
