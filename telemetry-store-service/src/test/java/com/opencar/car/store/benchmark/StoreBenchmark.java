package com.opencar.car.store.benchmark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.store.support.StoreIntegrationTest;
import com.opencar.car.store.telemetry.BinaryCopy;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.benchmark.BenchmarkResults;
import com.opencar.car.testsupport.benchmark.BenchmarkStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store benchmark: a harness, not a test. Run with
 * {@code ./mvnw -B -pl telemetry-store-service -am test -Pbenchmark -Dtest='StoreBenchmark'};
 * it prints a Markdown table.
 * <ol>
 * <li>Ceiling: {@code COPY} of N telemetry rows straight into the {@code telemetry}
 * table, as CSV and in the binary format; the faster counts.</li>
 * <li>The PostgreSQL sink consuming N records already waiting in Kafka (its container is
 * started once they are all there), until the last row is committed: telemetry rows plus
 * the {@code vehicle_state} merge, parsing and validation included.</li>
 * <li>The same for MongoDB: an unordered {@code insertMany} of N documents vs the raw
 * sink.</li>
 * </ol>
 * Both sinks first consume {@code bench.warmup-records} (N by default) other records, so
 * what is timed is a running service, as in production, not a cold JVM compiling its
 * code; and a sink's clock starts at its group's first commit, after joining the group.
 */
@Tag("benchmark")
@StoreIntegrationTest
class StoreBenchmark {

	private static final int RECORDS = Integer.getInteger("bench.records", 600_000);

	private static final int CARS = Integer.getInteger("bench.cars", 1_000);

	private static final int WARM_UP_RECORDS = Integer.getInteger("bench.warmup-records", RECORDS);

	private static final int FOOTPRINT_RECORDS = Integer.getInteger("bench.footprint-records", 100_000);

	/** What the simulator's cars send each second (VehicleModel), with typical values. */
	private static final Map<String, Object> FULL_SIGNALS = fullSignals();

	@Autowired
	private KafkaTemplate<String, byte[]> kafka;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private VehicleJson json;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MongoTemplate mongo;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private KafkaAdmin kafkaAdmin;

	@Test
	void storeBenchmark() throws Exception {
		this.listeners.getListenerContainer("store-postgres-telemetry").stop();
		this.listeners.getListenerContainer("store-mongo-raw").stop();
		Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(2));

		// every stage starts from an empty table, so none pays for a bigger index than
		// another
		emptyTables();
		double csvCopy = copyCeiling(TestVins.fresh(), start);
		emptyTables();
		double binaryCopy = binaryCopyCeiling(TestVins.fresh(), start);
		emptyTables();
		// the ceiling is the faster of the two raw forms
		double copy = Math.max(csvCopy, binaryCopy);

		warmUp(start);

		TestVins vins = TestVins.fresh();
		produce(vins, start, RECORDS);
		String prefix = vins.next().value().substring(0, 7) + "%";
		// the warm-up's records are committed already, so a sink is done when its group
		// has committed up to the topic's end
		double postgresSink = timeSink("store-postgres-telemetry",
				() -> this.jdbc.sql("select count(*) from telemetry where vin like ?")
					.param(prefix)
					.query(Long.class)
					.single());
		// the emulator keeps documents on this JVM's heap: its ceiling runs after the
		// PostgreSQL stages and is dropped before the Mongo sink's, so neither stage pays
		// the garbage collector for another stage's data
		double insertMany = insertManyCeiling(TestVins.fresh(), start);
		this.mongo.dropCollection("telemetry_raw_ceiling");
		double mongoSink = timeSink("store-mongo-raw", () -> this.mongo.getCollection("telemetry_raw")
			.countDocuments(new Document("vin", new Document("$regex", "^" + prefix.replace("%", "")))));

		System.out.println("\n## Store benchmark\n");
		System.out.printf(
				"Machine: %d cores, Java %s; Kafka, PostgreSQL 17 (embedded, fsync off), the MongoDB "
						+ "emulator and the store in one JVM; %d records from %d cars%n%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), RECORDS, CARS);
		for (String sink : List.of("postgres-telemetry", "mongo-raw")) {
			Timer batches = this.meters.get("car.store.batch.write").tag("sink", sink).timer();
			System.out.printf(
					"%s (warm-up included): %d batches, %.0f records per batch, %.1f ms per batch write (mean), %.1f ms max%n",
					sink, batches.count(),
					this.meters.get("car.store.records.written").tag("sink", sink).counter().count() / batches.count(),
					batches.mean(TimeUnit.MILLISECONDS), batches.max(TimeUnit.MILLISECONDS));
		}
		System.out.printf("raw COPY: %.0f rows/s as CSV, %.0f rows/s binary%n", csvCopy, binaryCopy);
		System.out.println();
		System.out.println("| stage | ceiling | store | ratio |");
		System.out.println("|---|---:|---:|---:|");
		System.out.printf("| PostgreSQL rows/s (`COPY` vs sink) | %.0f | %.0f | %.2f |%n", copy, postgresSink,
				postgresSink / copy);
		System.out.printf("| MongoDB docs/s (`insertMany` vs sink) | %.0f | %.0f | %.2f |%n%n", insertMany, mongoSink,
				mongoSink / insertMany);
		Map<String, Double> footprint = footprint(start);
		System.out.printf(
				"Storage per message of the simulator's telemetry (%d signals, %.0f bytes of JSON): PostgreSQL %.0f "
						+ "bytes per telemetry row (table and indexes), the raw document %.0f bytes of BSON%n%n",
				FULL_SIGNALS.size(), footprint.get("JSON bytes per message"), footprint.get("PostgreSQL bytes per row"),
				footprint.get("BSON bytes per document"));
		BenchmarkResults.record("store", List.of(
				BenchmarkStage.rate("store", "PostgreSQL: raw COPY vs telemetry sink (Kafka → rows)", "rows/s", copy,
						postgresSink,
						Map.of("records", (double) RECORDS, "warm-up records", (double) WARM_UP_RECORDS,
								"CSV COPY rows/s", csvCopy, "binary COPY rows/s", binaryCopy)),
				BenchmarkStage.rate("store", "MongoDB emulator: raw insertMany vs raw-document sink", "docs/s",
						insertMany, mongoSink,
						Map.of("records", (double) RECORDS, "warm-up records", (double) WARM_UP_RECORDS)),
				new BenchmarkStage("store",
						"PostgreSQL storage per telemetry row, the simulator's payload (table and indexes)", "bytes",
						null, footprint.get("PostgreSQL bytes per row"), false, footprint)));
	}

	/**
	 * What one message of the simulator's telemetry costs in storage, for the sizing
	 * model in {@code docs/operations.md}: both sinks store
	 * {@code bench.footprint-records} of them; then the size of the telemetry partitions
	 * with their indexes per row, and the BSON size of the raw documents (the emulator
	 * keeps no files, so MongoDB's own compression and indexes are not in it).
	 */
	private Map<String, Double> footprint(Instant start) throws Exception {
		emptyTables();
		this.mongo.getCollection("telemetry_raw").deleteMany(new Document());
		List<VehicleId> cars = cars(TestVins.fresh());
		long json = 0;
		List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(FOOTPRINT_RECORDS);
		for (int index = 0; index < FOOTPRINT_RECORDS; index++) {
			int seq = index / cars.size();
			byte[] value = this.json
				.write(new TelemetryReported(cars.get(index % cars.size()), seq, start.plusSeconds(seq), FULL_SIGNALS));
			json += value.length;
			sends.add(this.kafka.send(KafkaTopic.TELEMETRY.topicName(), cars.get(index % cars.size()).value(), value));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			Map<TopicPartition, Long> ends = topicEnds(admin);
			for (String listener : List.of("store-postgres-telemetry", "store-mongo-raw")) {
				this.listeners.getListenerContainer(listener).start();
				awaitCommitted(admin, listener, ends);
			}
		}
		long rows = this.jdbc.sql("select count(*) from telemetry").query(Long.class).single();
		assertThat(rows).isEqualTo(FOOTPRINT_RECORDS);
		this.jdbc.sql("vacuum analyze telemetry").update();
		long bytes = this.jdbc.sql("""
				select coalesce(sum(pg_total_relation_size(inhrelid)), 0) from pg_inherits
				where inhparent = 'telemetry'::regclass
				""").query(Long.class).single();
		long bson = 0;
		int documents = 0;
		DocumentCodec codec = new DocumentCodec();
		for (Document document : this.mongo.getCollection("telemetry_raw").find().limit(10_000)) {
			bson += new RawBsonDocument(document, codec).getByteBuffer().remaining();
			documents++;
		}
		assertThat(documents).isPositive();
		return Map.of("JSON bytes per message", (double) json / FOOTPRINT_RECORDS, "PostgreSQL bytes per row",
				(double) bytes / rows, "BSON bytes per document", (double) bson / documents, "records",
				(double) FOOTPRINT_RECORDS);
	}

	private double copyCeiling(TestVins vins, Instant start) throws Exception {
		StringBuilder csv = new StringBuilder(RECORDS * 200);
		List<VehicleId> cars = cars(vins);
		for (int index = 0; index < RECORDS; index++) {
			TelemetryReported telemetry = telemetry(cars, index, start);
			csv.append(telemetry.vin().value())
				.append(',')
				.append(telemetry.seq())
				.append(',')
				.append(telemetry.ts())
				.append(',')
				.append(Instant.now())
				.append(",87.5,52.52,13.405,,76.4,,\"")
				.append(new String(this.json.write(telemetry.signals())).replace("\"", "\"\""))
				.append("\"\n");
		}
		try (Connection connection = this.dataSource.getConnection()) {
			long started = System.nanoTime();
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy telemetry (vin, seq, sampled_at, received_at, speed_kmh, latitude, longitude, heading, "
						+ "state_of_charge, odometer_km, signals) from stdin (format csv)",
						new StringReader(csv.toString()));
			return RECORDS / ((System.nanoTime() - started) / 1e9);
		}
	}

	private void emptyTables() {
		this.jdbc.sql("truncate telemetry, vehicle_state").update();
	}

	private double binaryCopyCeiling(TestVins vins, Instant start) throws Exception {
		List<VehicleId> cars = cars(vins);
		ByteArrayOutputStream stream = new ByteArrayOutputStream(RECORDS * 320);
		BinaryCopy rows = new BinaryCopy((bytes, length) -> stream.write(bytes, 0, length));
		Instant now = Instant.now();
		for (int index = 0; index < RECORDS; index++) {
			TelemetryReported telemetry = telemetry(cars, index, start);
			rows.row(11)
				.text(telemetry.vin().value())
				.int8(telemetry.seq())
				.timestamptz(telemetry.ts())
				.timestamptz(now)
				.float8(87.5)
				.float8(52.52)
				.float8(13.405)
				.float8(null)
				.float8(76.4)
				.float8(null)
				.jsonb(this.json.write(telemetry.signals()));
		}
		rows.finish();
		try (Connection connection = this.dataSource.getConnection()) {
			long started = System.nanoTime();
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy telemetry (vin, seq, sampled_at, received_at, speed_kmh, latitude, longitude, heading, "
						+ "state_of_charge, odometer_km, signals) from stdin (format binary)",
						new ByteArrayInputStream(stream.toByteArray()));
			return RECORDS / ((System.nanoTime() - started) / 1e9);
		}
	}

	private double insertManyCeiling(TestVins vins, Instant start) {
		List<VehicleId> cars = cars(vins);
		List<Document> documents = new ArrayList<>(RECORDS);
		for (int index = 0; index < RECORDS; index++) {
			TelemetryReported telemetry = telemetry(cars, index, start);
			documents.add(new Document("_id", telemetry.vin().value() + ":" + telemetry.seq())
				.append("vin", telemetry.vin().value())
				.append("seq", telemetry.seq())
				.append("ts", java.util.Date.from(telemetry.ts()))
				.append("receivedAt", new java.util.Date())
				.append("payload", Document.parse(new String(this.json.write(telemetry)))));
		}
		long started = System.nanoTime();
		this.mongo.getCollection("telemetry_raw_ceiling")
			.insertMany(documents, new com.mongodb.client.model.InsertManyOptions().ordered(false));
		return RECORDS / ((System.nanoTime() - started) / 1e9);
	}

	/**
	 * Runs both sinks over {@code bench.warmup-records} records first, so the measured
	 * run is the steady state of a service that has been running, not the JIT compiler at
	 * work: measured without it, the compiler threads used as much CPU as the sink itself
	 * during the PostgreSQL stage. Their rows and documents are removed afterwards.
	 */
	private void warmUp(Instant start) throws Exception {
		produce(TestVins.fresh(), start, WARM_UP_RECORDS);
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			Map<TopicPartition, Long> ends = topicEnds(admin);
			for (String listener : List.of("store-postgres-telemetry", "store-mongo-raw")) {
				this.listeners.getListenerContainer(listener).start();
			}
			for (String listener : List.of("store-postgres-telemetry", "store-mongo-raw")) {
				awaitCommitted(admin, listener, ends);
				this.listeners.getListenerContainer(listener).stop();
			}
		}
		emptyTables();
		this.mongo.getCollection("telemetry_raw").deleteMany(new Document());
	}

	private void produce(TestVins vins, Instant start, int records) {
		List<VehicleId> cars = cars(vins);
		List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(records);
		for (int index = 0; index < records; index++) {
			TelemetryReported telemetry = telemetry(cars, index, start);
			sends.add(this.kafka.send(KafkaTopic.TELEMETRY.topicName(), telemetry.vin().value(),
					this.json.write(telemetry)));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Starts a sink and times it until its group has committed every record on the topic
	 * (watching offsets, which costs the databases nothing), then checks the rows.
	 */
	private double timeSink(String listener, LongSupplier stored) throws Exception {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			Map<TopicPartition, Long> ends = topicEnds(admin);
			this.listeners.getListenerContainer(listener).start();
			// joining the group and the first fetch are a start-up cost a running
			// service does not pay: the clock starts at the group's first commit
			AtomicLong done = new AtomicLong();
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10)).until(() -> {
				done.set(RECORDS - behind(admin, listener, ends));
				return done.get() > 0;
			});
			long started = System.nanoTime();
			awaitCommitted(admin, listener, ends);
			double rate = (RECORDS - done.get()) / ((System.nanoTime() - started) / 1e9);
			assertThat(stored.getAsLong()).as("stored by " + listener).isEqualTo(RECORDS);
			return rate;
		}
	}

	private static Map<TopicPartition, Long> topicEnds(Admin admin) throws Exception {
		Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
		admin.describeTopics(List.of(KafkaTopic.TELEMETRY.topicName()))
			.allTopicNames()
			.get()
			.get(KafkaTopic.TELEMETRY.topicName())
			.partitions()
			.forEach((partition) -> partitions
				.put(new TopicPartition(KafkaTopic.TELEMETRY.topicName(), partition.partition()), OffsetSpec.latest()));
		Map<TopicPartition, Long> ends = new HashMap<>();
		admin.listOffsets(partitions).all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
		return ends;
	}

	private static void awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> ends) {
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> behind(admin, group, ends) == 0);
	}

	/**
	 * Records on the topic the group has not committed yet.
	 */
	private static long behind(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get();
		return ends.entrySet()
			.stream()
			.mapToLong((end) -> end.getValue()
					- ((committed.get(end.getKey()) != null) ? committed.get(end.getKey()).offset() : 0))
			.sum();
	}

	private static List<VehicleId> cars(TestVins vins) {
		List<VehicleId> cars = new ArrayList<>(CARS);
		for (int car = 0; car < CARS; car++) {
			cars.add(vins.next());
		}
		return cars;
	}

	private static Map<String, Object> fullSignals() {
		Map<String, Object> signals = new java.util.LinkedHashMap<>();
		signals.put(VssSignal.SPEED.path(), 63.4);
		signals.put(VssSignal.LATITUDE.path(), 52.512345);
		signals.put(VssSignal.LONGITUDE.path(), 13.398765);
		signals.put(VssSignal.HEADING.path(), 271.3);
		signals.put(VssSignal.ODOMETER.path(), 18234.7);
		signals.put(VssSignal.STATE_OF_CHARGE.path(), 71.9);
		signals.put(VssSignal.RANGE.path(), 301980);
		signals.put(VssSignal.IS_CHARGING.path(), false);
		signals.put(VssSignal.IS_CHARGING_CABLE_CONNECTED.path(), false);
		signals.put(VssSignal.CHARGE_LIMIT.path(), 80);
		signals.put(VssSignal.BATTERY_TEMPERATURE.path(), 24.6);
		signals.put(VssSignal.ACCELERATION_LONGITUDINAL.path(), -0.8);
		signals.put(VssSignal.LOW_VOLTAGE_SYSTEM_STATE.path(), "ON");
		signals.put(VssSignal.IS_HVAC_ACTIVE.path(), true);
		signals.put(VssSignal.CABIN_TARGET_TEMPERATURE.path(), 21.5);
		for (VssSignal door : List.of(VssSignal.DOOR_FRONT_LEFT_LOCKED, VssSignal.DOOR_FRONT_RIGHT_LOCKED,
				VssSignal.DOOR_REAR_LEFT_LOCKED, VssSignal.DOOR_REAR_RIGHT_LOCKED)) {
			signals.put(door.path(), true);
		}
		signals.put(VssSignal.TIRE_PRESSURE_FRONT_LEFT.path(), 250.0);
		signals.put(VssSignal.TIRE_PRESSURE_FRONT_RIGHT.path(), 251.0);
		signals.put(VssSignal.TIRE_PRESSURE_REAR_LEFT.path(), 262.0);
		signals.put(VssSignal.TIRE_PRESSURE_REAR_RIGHT.path(), 261.0);
		return java.util.Collections.unmodifiableMap(signals);
	}

	/**
	 * Message {@code index}: cars in turn, each with a growing {@code seq} a second
	 * apart.
	 */
	private static TelemetryReported telemetry(List<VehicleId> cars, int index, Instant start) {
		int seq = index / cars.size();
		return new TelemetryReported(cars.get(index % cars.size()), seq, start.plusSeconds(seq),
				Map.of("Vehicle.Speed", 87.5, "Vehicle.CurrentLocation.Latitude", 52.52,
						"Vehicle.CurrentLocation.Longitude", 13.405,
						"Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 76.4));
	}

}
