package com.opencar.car.analytics.rules;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rules instance killed (SIGKILL) mid-stream, and another taking over its work: with
 * exactly-once processing no alert and no trip is lost or doubled. Each car drives three
 * trips, each with one spell over the speed limit, while the first instance is killed
 * part-way.
 * <p>
 * The instances run in JVMs of their own ({@link RulesWorker}), on the service's Streams
 * configuration, with an application id and an alerts topic of their own, so that the
 * other tests' service instance, which reads the same telemetry, does not count.
 */
@RealServers(Server.KAFKA)
class KilledStreamsInstanceIntegrationTests {

	private static final int CARS = 20;

	private static final int TRIPS = 3;

	/**
	 * Samples per trip, a second apart: 40 s at 60 km/h with 5 s at 140 in the middle.
	 */
	private static final int MOVING = 40;

	private static final Duration PATIENCE = Duration.ofMinutes(3);

	private final VehicleJson json = new VehicleJson();

	private final List<Process> workers = new ArrayList<>();

	@Test
	void neitherAnAlertNorATripIsLostOrDoubledWhenAnInstanceIsKilled(TestKafka kafka) throws Exception {
		String application = "rules-kill-" + UUID.randomUUID();
		String alertsTopic = application + ".alerts";
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(alertsTopic, 4, (short) 1))).all().get();
			// the rules' sources, as the service creates them when they are missing
			java.util.Set<String> existing = admin.listTopics().names().get();
			List<NewTopic> sources = java.util.stream.Stream
				.of(KafkaTopic.TELEMETRY, KafkaTopic.EVENTS, KafkaTopic.CONNECTIVITY)
				.flatMap((topic) -> java.util.stream.Stream.of(topic.topicName(), topic.deadLetterTopicName()))
				.filter((topic) -> !existing.contains(topic))
				.map((topic) -> new NewTopic(topic, 4, (short) 1))
				.toList();
			admin.createTopics(sources).all().get();
		}
		TestVins vins = TestVins.fresh();
		List<VehicleId> cars = new ArrayList<>();
		for (int car = 0; car < CARS; car++) {
			cars.add(vins.next());
		}
		List<ProducerRecord<String, byte[]>> samples = samples(cars);
		try {
			Process first = start(kafka, application);
			AtomicInteger sent = new AtomicInteger();
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(kafka, samples, sent));
			// mid-stream: the first instance has written some alerts, and samples keep
			// coming
			await("the first instance at work").atMost(PATIENCE)
				.until(() -> sent.get() > samples.size() / 3 && !alerts(kafka, alertsTopic).isEmpty());
			first.destroyForcibly();
			assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
			int sentAtTheKill = sent.get();
			start(kafka, application);
			sending.get(2, TimeUnit.MINUTES);
			assertThat(sentAtTheKill).as("samples sent when the first instance was killed").isLessThan(samples.size());

			// a car's last trip ends after its last spell over the limit, in the same or
			// a
			// later transaction: once every car's trips are committed, so are all their
			// alerts, and the alerts are read after that (read the other way round, a
			// transaction committing between the two reads made alerts look lost)
			await("every car's trips").atMost(PATIENCE)
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> tripsPerCar(kafka, application, vins).values()
					.stream()
					.filter((trips) -> trips == TRIPS)
					.count() == CARS);
			List<AlertRaised> alerts = alerts(kafka, alertsTopic);
			Map<String, Long> overspeedPerCar = new HashMap<>();
			alerts.stream()
				.filter((alert) -> alert.type() == AlertType.OVERSPEED && vins.owns(alert.vin().value()))
				.forEach((alert) -> overspeedPerCar.merge(alert.vin().value(), 1L, Long::sum));
			assertThat(alerts).extracting(AlertRaised::alertId).as("alert ids").doesNotHaveDuplicates();
			assertThat(overspeedPerCar).as("OVERSPEED alerts per car")
				.hasSize(CARS)
				.allSatisfy((vin, count) -> assertThat(count).isEqualTo(TRIPS));
			assertThat(tripsPerCar(kafka, application, vins)).as("trips per car")
				.hasSize(CARS)
				.allSatisfy((vin, trips) -> assertThat(trips).isEqualTo(TRIPS));
		}
		finally {
			this.workers.forEach(Process::destroyForcibly);
		}
	}

	/** Each car's three trips, car by car interleaved, in the order they are sent. */
	private List<ProducerRecord<String, byte[]>> samples(List<VehicleId> cars) {
		// from now on, a second per sample and so ahead of the wall clock: the rules that
		// run on the wall clock (a quiet car's trip ends, a silent car) never fire here
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<List<ProducerRecord<String, byte[]>>> perCar = new ArrayList<>();
		for (VehicleId car : cars) {
			List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
			long seq = 0;
			Instant ts = start;
			for (int trip = 0; trip < TRIPS; trip++) {
				for (int second = 0; second < MOVING; second++) {
					double speed = (second >= 20 && second < 25) ? 140 : 60;
					records.add(sample(car, seq++, ts, speed));
					ts = ts.plusSeconds(1);
				}
				// standing still for longer than the trip gap (3 s) ends the trip
				for (int second = 0; second < 6; second++) {
					records.add(sample(car, seq++, ts, 0));
					ts = ts.plusSeconds(1);
				}
			}
			perCar.add(records);
		}
		List<ProducerRecord<String, byte[]>> interleaved = new ArrayList<>();
		for (int index = 0; index < perCar.get(0).size(); index++) {
			for (List<ProducerRecord<String, byte[]>> records : perCar) {
				interleaved.add(records.get(index));
			}
		}
		return interleaved;
	}

	private ProducerRecord<String, byte[]> sample(VehicleId car, long seq, Instant ts, double speed) {
		TelemetryReported telemetry = new TelemetryReported(car, seq, ts, Map.of(VssSignal.SPEED.path(), speed));
		return new ProducerRecord<>(KafkaTopic.TELEMETRY.topicName(), car.value(), this.json.write(telemetry));
	}

	/** 200 samples a second, so the kill comes while they flow. */
	private static void send(TestKafka kafka, List<ProducerRecord<String, byte[]>> samples, AtomicInteger sent) {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
						"all"),
				new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
			long started = System.nanoTime();
			for (int index = 0; index < samples.size(); index++) {
				long due = started + TimeUnit.MILLISECONDS.toNanos(index * 5L);
				while (System.nanoTime() < due) {
					java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
				}
				producer.send(samples.get(index)).get();
				sent.incrementAndGet();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Process start(TestKafka kafka, String application) throws Exception {
		Path state = Files.createTempDirectory("rules-worker-");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), RulesWorker.class.getName(), kafka.bootstrapServers(),
				application, state.toString(), application + ".alerts")
			.redirectErrorStream(true)
			.start();
		this.workers.add(process);
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		List<String> lines = new ArrayList<>();
		CompletableFuture<Boolean> running = CompletableFuture.supplyAsync(() -> {
			try {
				for (String line = output.readLine(); line != null; line = output.readLine()) {
					if (line.equals("running")) {
						// keep draining, so the worker never blocks on a full pipe
						Thread drainer = new Thread(() -> drain(output), "rules-worker-output");
						drainer.setDaemon(true);
						drainer.start();
						return true;
					}
					lines.add(line);
				}
				return false;
			}
			catch (java.io.IOException ex) {
				return false;
			}
		});
		boolean started;
		try {
			started = running.get(2, TimeUnit.MINUTES);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			started = false;
		}
		assertThat(started).as("the worker started: %s", lines).isTrue();
		return process;
	}

	private static void drain(BufferedReader output) {
		try {
			while (output.readLine() != null) {
				// discarded
			}
		}
		catch (java.io.IOException ex) {
			// the worker ended
		}
	}

	/** Every committed alert of the topic. */
	private List<AlertRaised> alerts(TestKafka kafka, String topic) {
		return readCommitted(kafka, topic).stream()
			.map((record) -> this.json.read(record.value(), AlertRaised.class))
			.toList();
	}

	/**
	 * The trips each car has, from the last committed value of the trips store's
	 * changelog.
	 */
	private static Map<String, Integer> tripsPerCar(TestKafka kafka, String application, TestVins vins) {
		JsonMapper mapper = JsonMapper.builder().build();
		Map<String, Integer> trips = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : readCommitted(kafka,
				application + "-" + RulesTopology.TRIPS_STORE + "-changelog")) {
			// the workers read the whole topic, other tests' cars too
			if (!vins.owns(record.key())) {
				continue;
			}
			if (record.value() == null) {
				trips.remove(record.key());
				continue;
			}
			List<TripCount> stored = mapper.readValue(record.value(), new TypeReference<List<TripCount>>() {
			});
			trips.put(record.key(), stored.size());
		}
		return trips;
	}

	private static List<ConsumerRecord<String, byte[]>> readCommitted(TestKafka kafka, String topic) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((partition) -> new TopicPartition(topic, partition.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))
					&& System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
		catch (org.apache.kafka.common.errors.TimeoutException ex) {
			// the changelog does not exist yet
			return List.of();
		}
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record TripCount(String vin) {

	}

}
