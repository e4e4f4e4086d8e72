package com.opencar.car.ingest.bridge;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.awaitility.core.ConditionEvaluationListener;
import org.awaitility.core.EvaluatedCondition;
import org.awaitility.core.TimeoutEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.ingest.support.TestFleet;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMosquitto;
import com.opencar.car.testsupport.TestMqttBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka goes away while cars keep publishing: the bridge must acknowledge nothing it
 * could not store, show the backlog, report Kafka down and its path stuck, and deliver
 * everything once Kafka is back, without a restart.
 * <p>
 * On Mosquitto: HiveMQ CE 2025.5 intermittently stops delivering to a new member of a
 * shared subscription at QoS 1 after its first few messages while the connection stays up
 * (hivemq-community-edition#558; reproduced here in about one start in three), which
 * would make this test about HiveMQ rather than about Kafka.
 */
@RealServers({ Server.KAFKA, Server.MOSQUITTO })
class KafkaOutageIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(KafkaOutageIntegrationTests.class);

	private static final Duration PATIENCE = Duration.ofSeconds(150);

	@Test
	void losesNothingWhenKafkaStopsMidStreamAndComesBack(TestMosquitto mosquitto, TestKafka kafka) throws Exception {
		// the producer keeps retrying on its own for longer than the outage
		throughAnOutage(mosquitto.broker(), kafka, Map.of(), (ingest) -> {
		});
	}

	@Test
	void retriesWhatTheProducerGaveUpOnAndStillLosesNothing(TestMosquitto mosquitto, TestKafka kafka) throws Exception {
		// a producer that gives up within a second or two hands each record back to the
		// bridge, whose own back-off resends it
		Map<String, Object> impatient = Map.of("spring.kafka.producer.properties.delivery.timeout.ms", "1500",
				"spring.kafka.producer.properties.request.timeout.ms", "1000",
				"spring.kafka.producer.properties.max.block.ms", "1000", "car.ingest.bridge.retry-initial-interval",
				"200ms", "car.ingest.bridge.retry-max-interval", "1s");
		throughAnOutage(mosquitto.broker(), kafka, impatient,
				(ingest) -> assertThat(ingest.sendFailures()).as("sends the bridge retried").isPositive());
	}

	private void throughAnOutage(TestMqttBroker broker, TestKafka kafka, Map<String, Object> overrides,
			Consumer<IngestInstance> afterwards) throws Exception {
		Map<String, Object> properties = new HashMap<>(overrides);
		properties.put("car.ingest.bridge.shared-group", "outage-" + UUID.randomUUID());
		properties.put("car.ingest.kafka.health-timeout", "1s");
		properties.put("car.paths.stuck-after", "3s");
		try (IngestInstance ingest = IngestInstance.start(broker, kafka.bootstrapServers(),
				"ingest-outage-" + UUID.randomUUID(), properties)) {
			// a shared subscription only receives what is published after it exists
			await().atMost(PATIENCE).until(ingest::mqttSubscribed);
			throughAnOutage(ingest, broker, kafka);
			afterwards.accept(ingest);
		}
	}

	private void throughAnOutage(IngestInstance ingest, TestMqttBroker broker, TestKafka kafka) throws Exception {
		try (TestFleet before = TestFleet.start(broker, 10, 200)) {
			// Kafka goes away while the bridge is busy forwarding
			await("the bridge forwarding the first fleet").atMost(PATIENCE)
				.conditionEvaluationListener(explainTimeout(ingest))
				.until(() -> ingest.forwarded() >= before.total() / 3);
			kafka.outage().begin();
			// a second fleet starts only once Kafka is down, so messages surely arrive
			// meanwhile
			try (TestFleet during = TestFleet.start(broker, 10, 200)) {
				try {
					logger.info("Kafka stopped after {} messages were forwarded", ingest.forwarded());
					// the broker still takes the cars' messages; the bridge holds them
					// unacknowledged
					await("Kafka reported DOWN and messages held unacknowledged").atMost(PATIENCE)
						.conditionEvaluationListener(explainTimeout(ingest))
						.until(() -> !ingest.isUp("kafka") && ingest.unacknowledged() > 0);
					// held for longer than car.paths.stuck-after: the bridge's path is
					// stuck, and liveness says so
					await("the bridge's path reported stuck").atMost(PATIENCE)
						.conditionEvaluationListener(explainTimeout(ingest))
						.until(() -> !ingest.isUp("paths"));
					during.awaitPublished();
					logger.info("While Kafka was away: {} published, {} unacknowledged at the bridge",
							before.published() + during.published(), ingest.unacknowledged());
				}
				finally {
					kafka.outage().end();
				}
				before.awaitPublished();
				assertThat(before.awaitAllInKafka(kafka, PATIENCE)).hasSizeGreaterThanOrEqualTo(before.total());
				assertThat(during.awaitAllInKafka(kafka, PATIENCE)).hasSizeGreaterThanOrEqualTo(during.total());
				await("the backlog acknowledged and Kafka UP").atMost(PATIENCE)
					.conditionEvaluationListener(explainTimeout(ingest))
					.until(() -> ingest.unacknowledged() == 0 && ingest.isUp("kafka") && ingest.isUp("paths"));
				logger.info("Received {}, Kafka refused {} sends (each retried)", ingest.received(),
						ingest.sendFailures());
				// a retry resends the prepared record: each message is received and
				// validated once
				assertThat(ingest.received()).isEqualTo(before.total() + during.total());
			}
		}
	}

	/**
	 * Logs what the bridge had done when a wait timed out, so a failure says where the
	 * messages stopped.
	 */
	private static ConditionEvaluationListener<Object> explainTimeout(IngestInstance ingest) {
		return new ConditionEvaluationListener<>() {

			@Override
			public void conditionEvaluated(EvaluatedCondition<Object> condition) {
			}

			@Override
			public void onTimeout(TimeoutEvent event) {
				logger.error(
						"{} timed out: MQTT subscribed {}, Kafka UP {}, received {}, forwarded {}, "
								+ "unacknowledged {}, send failures {}",
						event.getDescription(), ingest.mqttSubscribed(), ingest.isUp("kafka"), ingest.received(),
						ingest.forwarded(), ingest.unacknowledged(), ingest.sendFailures());
			}

		};
	}

}
