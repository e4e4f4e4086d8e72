package com.opencar.car.testsupport;

/**
 * A running MQTT 5 broker (also speaks 3.1.1), without authentication.
 */
public interface TestMqttBroker {

	String host();

	int port();

	/**
	 * The URI MQTT clients connect to.
	 * @return {@code tcp://host:port}
	 */
	default String serverUri() {
		return "tcp://" + host() + ":" + port();
	}

}
