package com.opencar.car.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the named real servers (once per JVM) before the test class runs, lets test
 * methods take their handles ({@link TestKafka}, {@link TestMqttBroker},
 * {@link TestPostgres}, {@link TestMongo}, {@link TestMosquitto}) as parameters, and, in
 * Spring tests, sets the connection properties: {@code spring.kafka.bootstrap-servers},
 * {@code spring.datasource.*}, {@code spring.mongodb.uri} and the properties named by
 * {@link #mqttUrlProperties()}.
 * <p>
 * Usable as a meta-annotation, so each service can declare its own test annotation once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealServersExtension.class)
public @interface RealServers {

	/**
	 * The servers the test needs.
	 * @return the servers
	 */
	Server[] value();

	/**
	 * The configuration properties that take the MQTT broker's URI
	 * ({@code tcp://host:port}), for example {@code car.ingest.mqtt.url}. Required when
	 * {@link Server#MQTT} is asked for in a Spring test, because each service has its own
	 * prefix.
	 * @return the property names
	 */
	String[] mqttUrlProperties() default {};

}
