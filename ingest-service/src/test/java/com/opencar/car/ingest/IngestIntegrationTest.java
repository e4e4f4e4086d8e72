package com.opencar.car.ingest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.security.DevIssuer;
import com.opencar.car.testsupport.security.PlatformCaller;

/**
 * The ingest service against the real broker and Kafka. The context is closed after each
 * test class: an ingest instance left running would keep taking a share of the shared
 * subscription while another test class counts what its own instances forwarded.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@RealServers(value = { Server.KAFKA, Server.MQTT }, mqttUrlProperties = "car.ingest.mqtt.url")
@DirtiesContext
@ActiveProfiles(DevIssuer.PROFILE)
@Import(PlatformCaller.class)
public @interface IngestIntegrationTest {

}
