package com.opencar.car.testsupport;

/**
 * A running PostgreSQL 17 server and a database on it the tests may use freely.
 *
 * @param jdbcUrl the database's JDBC URL
 * @param username a superuser
 * @param password its password
 * @param outage stops the server and starts it again with its data, on the same port
 */
public record TestPostgres(String jdbcUrl, String username, String password, Outage outage) {

}
