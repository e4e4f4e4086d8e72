package com.opencar.car.testsupport;

/**
 * A running PostgreSQL 17 server and a database on it the tests may use freely.
 *
 * @param jdbcUrl the database's JDBC URL
 * @param username a superuser
 * @param password its password
 */
public record TestPostgres(String jdbcUrl, String username, String password) {

}
