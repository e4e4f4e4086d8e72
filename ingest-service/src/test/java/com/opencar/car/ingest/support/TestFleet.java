package com.opencar.car.ingest.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.TestMqttBroker;

/**
 * Cars publishing telemetry at QoS 1 in the background, one thread each, and the check
 * that every message they published reached Kafka.
 */
public final class TestFleet implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TestFleet.class);

	private final TestVins vins = TestVins.fresh();

	private final int cars;

	private final int messagesPerCar;

	private final AtomicInteger published = new AtomicInteger();

	private final ExecutorService threads;

	private final List<Future<?>> running = new ArrayList<>();

	private TestFleet(int cars, int messagesPerCar) {
		this.cars = cars;
		this.messagesPerCar = messagesPerCar;
		this.threads = Executors.newFixedThreadPool(cars);
	}

	/**
	 * Starts the cars; each publishes {@code seq} 0 to {@code messagesPerCar - 1}.
	 * @param broker the broker
	 * @param cars how many cars
	 * @param messagesPerCar messages per car
	 * @return the running fleet
	 */
	public static TestFleet start(TestMqttBroker broker, int cars, int messagesPerCar) {
		TestFleet fleet = new TestFleet(cars, messagesPerCar);
		for (int car = 0; car < cars; car++) {
			var vin = fleet.vins.next();
			fleet.running.add(fleet.threads.submit(() -> {
				try (TestCar testCar = TestCar.connect(broker, vin)) {
					for (int seq = 0; seq < messagesPerCar; seq++) {
						testCar.publishTelemetry(seq);
						fleet.published.incrementAndGet();
					}
				}
			}));
		}
		return fleet;
	}

	/**
	 * @return messages the broker has acknowledged to the cars so far
	 */
	public int published() {
		return this.published.get();
	}

	public int total() {
		return this.cars * this.messagesPerCar;
	}

	/**
	 * Waits until every car has published everything.
	 * @throws Exception if a car failed
	 */
	public void awaitPublished() throws Exception {
		for (Future<?> car : this.running) {
			car.get();
		}
	}

	/**
	 * Waits until every (vin, seq) the fleet published is in
	 * {@code vehicle.telemetry.v1}; duplicates are allowed and reported.
	 * @param kafka Kafka
	 * @param patience how long to wait
	 * @return the fleet's records, duplicates included
	 */
	public List<ConsumerRecord<String, byte[]>> awaitAllInKafka(TestKafka kafka, Duration patience) {
		VehicleJson json = new VehicleJson();
		Set<String> unique = new HashSet<>();
		try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
				(record) -> this.vins.owns(record.key()))) {
			List<ConsumerRecord<String, byte[]>> records = reader.readUntil((read) -> {
				unique.clear();
				read.forEach((record) -> unique
					.add(record.key() + ":" + json.read(record.value(), TelemetryReported.class).seq()));
				return unique.size() >= total();
			}, patience);
			logger.info("Sent {}, records in Kafka {}, unique {}, duplicates {}, lost {}", total(), records.size(),
					unique.size(), records.size() - unique.size(), total() - unique.size());
			return records;
		}
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
	}

}
