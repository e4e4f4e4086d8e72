package com.opencar.car.ingest.bridge;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

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
 * Kafka goes away while cars keep publishing: the bridge must acknowledge nothing it
 * could not store, show the backlog, report Kafka down, and deliver everything once Kafka
 * is back, without a restart.
 */
@RealServers({ Server.KAFKA, Server.MQTT })
class KafkaOutageIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(KafkaOutageIntegrationTests.class);

	private static final Duration PATIENCE = Duration.ofSeconds(150);

	@Test
	void losesNothingWhenKafkaStopsMidStreamAndComesBack(TestMqttBroker broker, TestKafka kafka) throws Exception {
		// the producer keeps retrying on its own for longer than the outage
		throughAnOutage(broker, kafka, Map.of(), (ingest) -> {
		});
	}

	@Test
	void retriesWhatTheProducerGaveUpOnAndStillLosesNothing(TestMqttBroker broker, TestKafka kafka) throws Exception {
		// a producer that gives up within a second or two hands each record back to the
		// bridge, whose own back-off resends it
		Map<String, Object> impatient = Map.of("spring.kafka.producer.properties.delivery.timeout.ms", "1500",
				"spring.kafka.producer.properties.request.timeout.ms", "1000",
				"spring.kafka.producer.properties.max.block.ms", "1000", "car.ingest.bridge.retry-initial-interval",
				"200ms", "car.ingest.bridge.retry-max-interval", "1s");
		throughAnOutage(broker, kafka, impatient,
				(ingest) -> assertThat(ingest.sendFailures()).as("sends the bridge retried").isPositive());
	}

	private void throughAnOutage(TestMqttBroker broker, TestKafka kafka, Map<String, Object> overrides,
			Consumer<IngestInstance> afterwards) throws Exception {
		Map<String, Object> properties = new HashMap<>(overrides);
		properties.put("car.ingest.bridge.shared-group", "outage-" + UUID.randomUUID());
		properties.put("car.ingest.kafka.health-timeout", "1s");
		try (IngestInstance ingest = IngestInstance.start(broker, kafka.bootstrapServers(),
				"ingest-outage-" + UUID.randomUUID(), properties);
				TestFleet before = TestFleet.start(broker, 10, 200)) {
			await().atMost(PATIENCE).until(() -> before.published() >= before.total() / 3);
			kafka.outage().begin();
			// a second fleet starts only once Kafka is down, so messages surely arrive
			// meanwhile
			try (TestFleet during = TestFleet.start(broker, 10, 200)) {
				try {
					logger.info("Kafka stopped after {} messages were published", before.published());
					// the broker still takes the cars' messages; the bridge holds them
					// unacknowledged
					await().atMost(PATIENCE).until(() -> !ingest.isUp("kafka") && ingest.unacknowledged() > 0);
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
				await().atMost(PATIENCE).until(() -> ingest.unacknowledged() == 0 && ingest.isUp("kafka"));
				logger.info("Received {}, Kafka refused {} sends (each retried)", ingest.received(),
						ingest.sendFailures());
				// a retry resends the prepared record: each message is received and
				// validated once
				assertThat(ingest.received()).isEqualTo(before.total() + during.total());
				afterwards.accept(ingest);
			}
		}
	}

}
