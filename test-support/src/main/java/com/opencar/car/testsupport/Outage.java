package com.opencar.car.testsupport;

/**
 * Takes a shared test server away and brings it back, for tests of what happens
 * meanwhile. A test that begins an outage must end it (in a {@code finally}), since other
 * tests in the JVM share the server.
 */
public interface Outage {

	/**
	 * Stops the server; returns once it no longer answers.
	 */
	void begin();

	/**
	 * Starts it again on the same address with the data it had; returns once it answers.
	 */
	void end();

}
