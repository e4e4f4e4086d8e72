package com.opencar.car.testsupport;

/**
 * The servers a test can ask for.
 */
public enum Server {

	/** A Kafka broker in KRaft mode. */
	KAFKA,

	/** An MQTT 5 (and 3.1.1) broker. */
	MQTT,

	/** PostgreSQL 17. */
	POSTGRES,

	/** A MongoDB wire-compatible server. */
	MONGO,

	/**
	 * Eclipse Mosquitto, a second MQTT 5 broker, run from the machine's {@code mosquitto}
	 * binary.
	 */
	MOSQUITTO

}
