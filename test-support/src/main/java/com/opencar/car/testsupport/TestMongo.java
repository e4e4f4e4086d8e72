package com.opencar.car.testsupport;

/**
 * A running MongoDB wire-compatible server.
 */
public interface TestMongo {

	/**
	 * The connection string, naming the database tests use.
	 * @return a {@code mongodb://} URI
	 */
	String connectionString();

	/**
	 * Whether it is the real MongoDB rather than the embedded emulator, which lacks TTL
	 * expiry, time-series collections, change streams and transactions.
	 * @return true for real MongoDB
	 */
	boolean isRealMongoDb();

}
