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
 * Whole ingest instances, stopped, restarted and run side by side while cars publish.
 */
@RealServers({ Server.KAFKA, Server.MQTT })
class BridgeInstancesIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(BridgeInstancesIntegrationTests.class);

	private static final Duration PATIENCE = Duration.ofSeconds(120);

	private final VehicleJson json = new VehicleJson();

	@Test
	void losesNothingWhenTheServiceRestartsMidStream(TestMqttBroker broker, TestKafka kafka) throws Exception {
		String clientId = "ingest-restart-" + UUID.randomUUID();
		Map<String, Object> properties = Map.of("car.ingest.bridge.shared-group", "restart-" + UUID.randomUUID(),
				"car.ingest.mqtt.session-expiry", "5m");
		TestVins vins = TestVins.fresh();
		int cars = 10;
		int messagesPerCar = 500;
		AtomicInteger published = new AtomicInteger();

		IngestInstance first = IngestInstance.start(broker, kafka.bootstrapServers(), clientId, properties);
		ExecutorService publishers = Executors.newFixedThreadPool(cars);
		IngestInstance second = null;
		try {
			List<Future<?>> running = publish(publishers, broker, vins, cars, messagesPerCar, published);
			await().atMost(PATIENCE).until(() -> published.get() >= cars * messagesPerCar / 3);
			first.close();
			logger.info("Ingest stopped after {} messages were published", published.get());
			second = IngestInstance.start(broker, kafka.bootstrapServers(), clientId, properties);
			logger.info("Ingest restarted after {} messages were published", published.get());
			for (Future<?> car : running) {
				car.get();
			}
			assertAllArrived(kafka, vins, cars * messagesPerCar);
		}
		finally {
			publishers.shutdownNow();
			first.close();
			if (second != null) {
				second.close();
			}
		}
	}

	/**
	 * Two instances hold the group's subscription; one of them restarts mid-stream under
	 * its stable client id (as a StatefulSet pod does) while the other keeps running.
	 * Which member gets a message is the broker's policy (HiveMQ CE 2025.5 kept feeding
	 * one healthy member in our runs; EMQX offers round robin); what must hold whatever
	 * the policy is that together they lose nothing.
	 */
	@Test
	void twoInstancesOnOneSharedSubscriptionLoseNothingWhileOneRestarts(TestMqttBroker broker, TestKafka kafka)
			throws Exception {
		Map<String, Object> properties = Map.of("car.ingest.bridge.shared-group", "pair-" + UUID.randomUUID(),
				"car.ingest.mqtt.session-expiry", "5m");
		String oneId = "ingest-one-" + UUID.randomUUID();
		TestVins vins = TestVins.fresh();
		int cars = 20;
		int messagesPerCar = 250;
		AtomicInteger published = new AtomicInteger();
		ExecutorService publishers = Executors.newFixedThreadPool(cars);
		IngestInstance one = IngestInstance.start(broker, kafka.bootstrapServers(), oneId, properties);
		IngestInstance two = IngestInstance.start(broker, kafka.bootstrapServers(), "ingest-two-" + UUID.randomUUID(),
				properties);
		IngestInstance oneAgain = null;
		try {
			assertThat(List.of(one, two)).allSatisfy((instance) -> assertThat(instance.mqttSubscribed()).isTrue());
			List<Future<?>> running = publish(publishers, broker, vins, cars, messagesPerCar, published);
			await().atMost(PATIENCE).until(() -> published.get() >= cars * messagesPerCar / 4);
			one.close();
			oneAgain = IngestInstance.start(broker, kafka.bootstrapServers(), oneId, properties);
			for (Future<?> car : running) {
				car.get();
			}
			assertAllArrived(kafka, vins, cars * messagesPerCar);
			logger.info("After the restart instance one forwarded {}, instance two {}", oneAgain.forwarded(),
					two.forwarded());
		}
		finally {
			publishers.shutdownNow();
			one.close();
			two.close();
			if (oneAgain != null) {
				oneAgain.close();
			}
		}
	}

	private static List<Future<?>> publish(ExecutorService publishers, TestMqttBroker broker, TestVins vins, int cars,
			int messagesPerCar, AtomicInteger published) {
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
		return running;
	}

	/**
	 * Waits until every (vin, seq) the cars published is in Kafka; duplicates are allowed
	 * and reported.
	 */
	private List<ConsumerRecord<String, byte[]>> assertAllArrived(TestKafka kafka, TestVins vins, int expected) {
		Set<String> unique = new HashSet<>();
		try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
				(record) -> vins.owns(record.key()))) {
			List<ConsumerRecord<String, byte[]>> records = reader.readUntil((read) -> {
				unique.clear();
				read.forEach((record) -> unique
					.add(record.key() + ":" + this.json.read(record.value(), TelemetryReported.class).seq()));
				return unique.size() >= expected;
			}, PATIENCE);
			logger.info("Sent {}, records in Kafka {}, unique {}, duplicates {}, lost {}", expected, records.size(),
					unique.size(), records.size() - unique.size(), expected - unique.size());
			assertThat(unique).hasSize(expected);
			return records;
		}
	}

}
