package com.opencar.car.testsupport;

/**
 * A running Eclipse Mosquitto broker: a second MQTT 5 broker beside HiveMQ, for behaviour
 * that differs between brokers (Mosquitto hands a shared subscription's messages to its
 * members in turn) and, later, for broker ACL configuration.
 *
 * @param broker where it listens, in the form every MQTT test helper takes
 */
public record TestMosquitto(TestMqttBroker broker) {

	/**
	 * The URI MQTT clients connect to.
	 * @return {@code tcp://host:port}
	 */
	public String serverUri() {
		return this.broker.serverUri();
	}

}
