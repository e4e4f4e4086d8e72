package com.opencar.car.command;

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

import com.opencar.car.command.support.CommandsApi;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.security.DevIssuer;
import com.opencar.car.testsupport.security.PlatformCaller;

/**
 * A whole command service against real Kafka, MQTT broker and PostgreSQL. Each context
 * gets its own MQTT client ids (two live contexts under one id would take each other's
 * session) and is closed after its class, so no cached context keeps dispatching or
 * consuming. {@link CommandsApi} is a bean in it.
 * <p>
 * The answers come on a plain subscription: the test broker is HiveMQ CE, whose shared
 * subscriptions stall at QoS 1 (docs/services.md); a CI run lost every answer of one
 * class's context that way. The tests of the shared group run on Mosquitto
 * ({@code AnswerHandOverIntegrationTests}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "car.command.mqtt.client-id=command-test-${random.uuid}", "car.command.delivery.shared-group=" })
@AutoConfigureRestTestClient
@DirtiesContext
@ActiveProfiles(DevIssuer.PROFILE)
@Import({ CommandsApi.class, PlatformCaller.class })
@RealServers(value = { Server.KAFKA, Server.MQTT, Server.POSTGRES }, mqttUrlProperties = "car.command.mqtt.url")
public @interface CommandIntegrationTest {

}
