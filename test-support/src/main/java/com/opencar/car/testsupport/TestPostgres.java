package com.opencar.car.testsupport;

/**
 * A running PostgreSQL 17 server and a database on it the tests may use freely.
 */
public interface TestPostgres {

	String jdbcUrl();

	String username();

	String password();

}
