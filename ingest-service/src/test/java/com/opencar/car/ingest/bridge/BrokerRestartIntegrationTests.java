package com.opencar.car.ingest.bridge;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.ingest.support.TestFleet;
import com.opencar.car.testsupport.PersistentMosquitto;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker restarts under the running service (Mosquitto with persistence, stopped
 * gracefully) while it acknowledges a stream: the service either reconnects to its
 * persistent session by itself or, when Paho's automatic reconnect hangs (it does, now
 * and then, with Paho 1.2.5), reports itself not live after {@code mqtt.stuck-timeout},
 * and is restarted as Kubernetes would; either way everything the cars published before
 * and after reaches Kafka.
 */
@RealServers(Server.KAFKA)
class BrokerRestartIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(BrokerRestartIntegrationTests.class);

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@Test
	void reconnectsAndForwardsEverythingAfterTheBrokerRestarts(TestKafka kafka) throws Exception {
		String clientId = "ingest-broker-restart-" + UUID.randomUUID();
		Map<String, Object> properties = Map.of("car.ingest.bridge.shared-group", "", "car.ingest.mqtt.session-expiry",
				"5m", "car.ingest.mqtt.stuck-timeout", "10s");
		IngestInstance ingest = null;
		try (PersistentMosquitto mosquitto = PersistentMosquitto.start()) {
			ingest = IngestInstance.start(mosquitto.broker(), kafka.bootstrapServers(), clientId, properties);
			await().atMost(PATIENCE).until(ingest::mqttSubscribed);
			try (TestFleet before = TestFleet.start(mosquitto.broker(), 10, 200)) {
				before.awaitPublished();
				mosquitto.restart();
				IngestInstance running = ingest;
				await("subscribed again or reported not live").atMost(PATIENCE)
					.until(() -> running.mqttSubscribed() || !running.isUp("mqttLiveness"));
				if (!ingest.mqttSubscribed()) {
					logger.info("Paho's reconnect hung; restarting the instance as a failed liveness probe would");
					ingest.close();
					ingest = IngestInstance.start(mosquitto.broker(), kafka.bootstrapServers(), clientId, properties);
				}
				try (TestFleet after = TestFleet.start(mosquitto.broker(), 10, 50)) {
					after.awaitPublished();
					assertThat(before.awaitAllInKafka(kafka, PATIENCE)).hasSizeGreaterThanOrEqualTo(before.total());
					assertThat(after.awaitAllInKafka(kafka, PATIENCE)).hasSizeGreaterThanOrEqualTo(after.total());
				}
			}
			await("subscribed").atMost(PATIENCE).until(ingest::mqttSubscribed);
			assertThat(ingest.isUp("mqttLiveness")).isTrue();
		}
		finally {
			if (ingest != null) {
				ingest.close();
			}
		}
	}

}
