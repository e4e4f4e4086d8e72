package com.opencar.car.ingest.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.ingest.support.KafkaTopicReader;
import com.opencar.car.ingest.support.TestCar;
import com.opencar.car.ingest.support.TestVins;
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

	private final VehicleJson json = new VehicleJson();

	@Test
	void losesNothingWhenKafkaStopsMidStreamAndComesBack(TestMqttBroker broker, TestKafka kafka) throws Exception {
		TestVins vins = TestVins.fresh();
		int cars = 10;
		int messagesPerCar = 300;
		int total = cars * messagesPerCar;
		AtomicInteger published = new AtomicInteger();
		ExecutorService publishers = Executors.newFixedThreadPool(cars);
		try (IngestInstance ingest = IngestInstance.start(broker, kafka.bootstrapServers(),
				"ingest-outage-" + UUID.randomUUID(), Map.of("car.ingest.bridge.shared-group",
						"outage-" + UUID.randomUUID(), "car.ingest.kafka.health-timeout", "1s"))) {
			List<Future<?>> running = new ArrayList<>();
			for (int car = 0; car < cars; car++) {
				VehicleId vin = vins.next();
				running.add(publishers.submit(() -> {
					try (TestCar testCar = TestCar.connect(broker, vin)) {
						for (int seq = 0; seq < messagesPerCar; seq++) {
							testCar.publishTelemetry(seq);
							published.incrementAndGet();
						}
					}
				}));
			}
			await().atMost(PATIENCE).until(() -> published.get() >= total / 3);
			kafka.outage().begin();
			try {
				logger.info("Kafka stopped after {} messages were published", published.get());
				// the broker still takes the cars' messages; the bridge holds them
				// unacknowledged
				await().atMost(PATIENCE).until(() -> !ingest.isUp("kafka") && ingest.unacknowledged() > 0);
				await().atMost(PATIENCE).until(() -> published.get() >= 2 * total / 3);
				logger.info("While Kafka was away: {} published, {} unacknowledged at the bridge", published.get(),
						ingest.unacknowledged());
			}
			finally {
				kafka.outage().end();
			}
			for (Future<?> car : running) {
				car.get();
			}
			Set<String> unique = new HashSet<>();
			try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
					(record) -> vins.owns(record.key()))) {
				List<ConsumerRecord<String, byte[]>> records = reader.readUntil((read) -> {
					unique.clear();
					read.forEach((record) -> unique
						.add(record.key() + ":" + this.json.read(record.value(), TelemetryReported.class).seq()));
					return unique.size() >= total;
				}, PATIENCE);
				logger.info("Sent {}, records in Kafka {}, unique {}, duplicates {}, lost {}", total, records.size(),
						unique.size(), records.size() - unique.size(), total - unique.size());
			}
			assertThat(unique).hasSize(total);
			await().atMost(PATIENCE).until(() -> ingest.unacknowledged() == 0 && ingest.isUp("kafka"));
		}
		finally {
			publishers.shutdownNow();
		}
	}

}
