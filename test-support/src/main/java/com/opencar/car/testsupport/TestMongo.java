package com.opencar.car.testsupport;

/**
 * A running MongoDB wire-compatible server.
 *
 * @param connectionString a {@code mongodb://} URI naming the database tests use
 * @param isRealMongoDb whether it is the real MongoDB rather than the embedded emulator,
 * which lacks TTL expiry, time-series collections, change streams and transactions
 * @param outage stops the server and starts it again with its data, on the same port
 */
public record TestMongo(String connectionString, boolean isRealMongoDb, Outage outage) {

}
