package com.opencar.car.analytics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.security.DevIssuer;
import com.opencar.car.testsupport.security.PlatformCaller;
import com.opencar.car.testsupport.tracing.RecordedSpans;

/**
 * The analytics service against real Kafka and PostgreSQL. One annotation for every
 * integration test, so they share one application context: two Kafka Streams instances
 * with the same application id would rebalance each other and share a state directory.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// Each run gets fresh Kafka Streams state: local stores from an earlier run against an
// earlier broker would count twice
// Trips end after 3 s quiet instead of minutes, so the tests see them finish
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.streams.state-dir=${java.io.tmpdir}/kafka-streams-test/${random.uuid}",
				"car.analytics.trips.gap=3s", "car.analytics.trips.close-check-interval=1s",
				"car.analytics.trips.min-distance-km=0.1",
				// a tile server that refuses every tile: the maps must show the cars all
				// the same
				"car.analytics.dashboard.tile-url=http://127.0.0.1:9/{z}/{x}/{y}.png" })
@AutoConfigureRestTestClient
@AutoConfigureMockMvc
@ContextConfiguration(initializers = { CommandServiceStub.Initializer.class, DevIssuerServer.Initializer.class })
@RealServers({ Server.KAFKA, Server.POSTGRES })
@ActiveProfiles(DevIssuer.PROFILE)
@Import({ PlatformCaller.class, RecordedSpans.class })
public @interface AnalyticsIntegrationTest {

}
