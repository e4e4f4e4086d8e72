package com.opencar.car.testsupport;

/**
 * A running MQTT 5 broker (also speaks 3.1.1), without authentication.
 *
 * @param host where it listens
 * @param port its MQTT port
 */
public record TestMqttBroker(String host, int port) {

	/**
	 * The URI MQTT clients connect to.
	 * @return {@code tcp://host:port}
	 */
	public String serverUri() {
		return "tcp://" + this.host + ":" + this.port;
	}

}
