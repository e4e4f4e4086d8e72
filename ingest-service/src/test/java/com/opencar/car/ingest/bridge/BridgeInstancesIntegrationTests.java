package com.opencar.car.ingest.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.ingest.support.TestFleet;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMqttBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole ingest instances, stopped, restarted and run side by side while cars publish.
 */
@RealServers({ Server.KAFKA, Server.MQTT })
class BridgeInstancesIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(BridgeInstancesIntegrationTests.class);

	private static final Duration PATIENCE = Duration.ofSeconds(120);

	@Test
	void losesNothingWhenTheServiceRestartsMidStream(TestMqttBroker broker, TestKafka kafka) throws Exception {
		String clientId = "ingest-restart-" + UUID.randomUUID();
		Map<String, Object> properties = Map.of("car.ingest.bridge.shared-group", "restart-" + UUID.randomUUID(),
				"car.ingest.mqtt.session-expiry", "5m");
		IngestInstance first = IngestInstance.start(broker, kafka.bootstrapServers(), clientId, properties);
		IngestInstance second = null;
		try (TestFleet fleet = TestFleet.start(broker, 10, 500)) {
			await().atMost(PATIENCE).until(() -> fleet.published() >= fleet.total() / 3);
			first.close();
			logger.info("Ingest stopped after {} messages were published", fleet.published());
			second = IngestInstance.start(broker, kafka.bootstrapServers(), clientId, properties);
			fleet.awaitPublished();
			assertThat(fleet.awaitAllInKafka(kafka, PATIENCE)).hasSizeGreaterThanOrEqualTo(fleet.total());
		}
		finally {
			first.close();
			if (second != null) {
				second.close();
			}
		}
	}

	/**
	 * The service comes back to a session with many messages queued for it (it was down
	 * while cars kept publishing): it delivers them and is subscribed, hence ready,
	 * within seconds. Subscribing on Paho's callback thread deadlocked here until the 30
	 * s completion timeout and left readiness DOWN for good (see ResumingInboundAdapter).
	 */
	@Test
	void resumesASessionWithQueuedMessagesAndIsReadyAgainAtOnce(TestMqttBroker broker, TestKafka kafka)
			throws Exception {
		String clientId = "ingest-resume-" + UUID.randomUUID();
		Map<String, Object> properties = Map.of("car.ingest.bridge.shared-group", "", "car.ingest.mqtt.session-expiry",
				"5m");
		IngestInstance first = IngestInstance.start(broker, kafka.bootstrapServers(), clientId, properties);
		await().atMost(PATIENCE).until(first::mqttSubscribed);
		first.close();
		IngestInstance second = null;
		try (TestFleet fleet = TestFleet.start(broker, 10, 100)) {
			// all of it queued in the session of the stopped service
			fleet.awaitPublished();
			second = IngestInstance.start(broker, kafka.bootstrapServers(), clientId, properties);
			await("subscribed again, well before the 30 s completion timeout").atMost(Duration.ofSeconds(15))
				.until(second::mqttSubscribed);
			assertThat(fleet.awaitAllInKafka(kafka, PATIENCE)).hasSizeGreaterThanOrEqualTo(fleet.total());
		}
		finally {
			if (second != null) {
				second.close();
			}
		}
	}

	/**
	 * Two instances hold the group's subscription; one of them restarts mid-stream under
	 * its stable client id (as a StatefulSet pod does) while the other keeps running.
	 * Which member gets a message is the broker's policy (HiveMQ CE 2025.5 feeds one
	 * member; see {@link SharedSubscriptionSplitIntegrationTests} for a broker that
	 * alternates); what must hold whatever the policy is that together they lose nothing.
	 */
	@Test
	void twoInstancesOnOneSharedSubscriptionLoseNothingWhileOneRestarts(TestMqttBroker broker, TestKafka kafka)
			throws Exception {
		Map<String, Object> properties = Map.of("car.ingest.bridge.shared-group", "pair-" + UUID.randomUUID(),
				"car.ingest.mqtt.session-expiry", "5m");
		String oneId = "ingest-one-" + UUID.randomUUID();
		IngestInstance one = IngestInstance.start(broker, kafka.bootstrapServers(), oneId, properties);
		IngestInstance two = IngestInstance.start(broker, kafka.bootstrapServers(), "ingest-two-" + UUID.randomUUID(),
				properties);
		IngestInstance oneAgain = null;
		try (TestFleet fleet = TestFleet.start(broker, 20, 250)) {
			assertThat(List.of(one, two)).allSatisfy((instance) -> assertThat(instance.mqttSubscribed()).isTrue());
			await().atMost(PATIENCE).until(() -> fleet.published() >= fleet.total() / 4);
			one.close();
			oneAgain = IngestInstance.start(broker, kafka.bootstrapServers(), oneId, properties);
			fleet.awaitPublished();
			assertThat(fleet.awaitAllInKafka(kafka, PATIENCE)).hasSizeGreaterThanOrEqualTo(fleet.total());
			logger.info("After the restart instance one forwarded {}, instance two {}", oneAgain.forwarded(),
					two.forwarded());
		}
		finally {
			one.close();
			two.close();
			if (oneAgain != null) {
				oneAgain.close();
			}
		}
	}

}
