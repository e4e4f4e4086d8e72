package com.opencar.car.platform;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.PersistentMosquitto;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestMongo;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.fault.ProxiedKafka;
import com.opencar.car.testsupport.fleet.CountingCar;
import com.opencar.car.testsupport.fleet.StoredTelemetry;
import com.opencar.car.testsupport.security.DevIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real faults on the real platform: the ingest, store and command services run as child
 * processes from the build's jars, Kafka is reachable only through a fault proxy,
 * Mosquitto keeps its sessions on disk, PostgreSQL is stopped for real. Each scenario
 * runs during a steady stream of numbered QoS 1 telemetry from ten cars and then checks,
 * by sequence number, that every message the broker acknowledged to a car is in
 * PostgreSQL exactly once and in MongoDB exactly once, and that the services are healthy
 * again without anyone touching them. The counts are printed per scenario.
 */
@RealServers({ Server.POSTGRES, Server.MONGO })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTests {

	private static final int CARS = 10;

	/** Per car: 100 messages/s across the fleet. */
	private static final Duration PUBLISH_EVERY = Duration.ofMillis(100);

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	private static final Pattern HOST_PORT = Pattern.compile("//([^/]+)/");

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");

	private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

	private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED", "TIMED_OUT", "EXPIRED",
			"CANCELLED");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final List<Ledger> ledgers = new ArrayList<>();

	/** Restarts the supervisor made on a failed liveness probe. */
	private final AtomicInteger restarts = new AtomicInteger();

	private ProxiedKafka kafka;

	private PersistentMosquitto mqtt;

	private TestPostgres postgres;

	private String storeJdbcUrl;

	private String mongoUri;

	private ServiceProcess ingest;

	private ServiceProcess store;

	private ServiceProcess command;

	private Path logs;

	@BeforeAll
	void startPlatform(TestPostgres postgres, TestMongo mongo) throws Exception {
		this.postgres = postgres;
		this.kafka = ProxiedKafka.start(4);
		this.mqtt = PersistentMosquitto.start();
		String server = hostPort(postgres.jdbcUrl());
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			statement.execute("create database fault_store");
			statement.execute("create database fault_commands");
		}
		this.storeJdbcUrl = "jdbc:postgresql://" + server + "/fault_store";
		this.mongoUri = "mongodb://" + hostPort(mongo.connectionString()) + "/fault";
		Map<String, String> common = Map.of("SPRING_PROFILES_ACTIVE", DevIssuer.PROFILE,
				"SPRING_KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers(), "HOSTNAME", "fault");
		this.ingest = service("ingest-service", common, Map.of("CAR_INGEST_MQTT_URL", this.mqtt.serverUri(),
				"CAR_INGEST_BRIDGE_SHARED_GROUP", "", "CAR_INGEST_MQTT_STUCK_TIMEOUT", "10s"));
		this.store = service("telemetry-store-service", common, database(this.storeJdbcUrl),
				Map.of("SPRING_MONGODB_URI", this.mongoUri));
		this.command = service("command-service", common, database("jdbc:postgresql://" + server + "/fault_commands"),
				Map.of("CAR_COMMAND_MQTT_URL", this.mqtt.serverUri(), "CAR_COMMAND_DELIVERY_SHARED_GROUP", ""));
		this.logs = Files.createTempDirectory("fault-injection-logs-");
		for (ServiceProcess service : services()) {
			service.start(this.logs);
		}
		awaitReady(services());
	}

	@AfterAll
	void stopPlatform() throws Exception {
		this.scheduler.shutdownNow();
		for (ServiceProcess service : services()) {
			service.requestStop();
		}
		for (ServiceProcess service : services()) {
			service.awaitStop();
		}
		this.mqtt.close();
		this.kafka.close();
		System.out.println(Ledger.table(this.ledgers));
		System.out.println("ingest restarted on a failed liveness probe: " + this.restarts.get() + " time(s)");
	}

	@Test
	@Order(1)
	void kafkaCutForThirtySeconds() throws Exception {
		telemetryScenario("Kafka cut for 30 s", "KC", () -> this.kafka.proxy().cut(), OUTAGE,
				() -> this.kafka.proxy().heal(), () -> this.ingest.alive() && this.store.alive());
		assertThat(this.kafka.proxy().refused()).as("connections refused while Kafka was cut").isPositive();
	}

	@Test
	@Order(2)
	void kafkaSlowedTo500Milliseconds() throws Exception {
		telemetryScenario("Kafka slowed by 500 ms", "KS", () -> this.kafka.proxy().delay(Duration.ofMillis(500)),
				Duration.ofSeconds(20), () -> this.kafka.proxy().heal(),
				() -> this.ingest.alive() && this.store.alive());
	}

	@Test
	@Order(3)
	void ingestKilledAndRestarted() throws Exception {
		telemetryScenario("ingest killed (SIGKILL), restarted", "NK", this::killIngest, Duration.ofSeconds(5),
				this::restartIngest, this.store::alive);
	}

	@Test
	@Order(4)
	void brokerRestarted() throws Exception {
		telemetryScenario("MQTT broker restarted", "BR", () -> this.mqtt.restart(), Duration.ofSeconds(3),
				this::superviseIngest, () -> this.ingest.alive() && this.store.alive());
	}

	/**
	 * What Kubernetes does for the ingest service after a broker restart: nothing while
	 * it reconnects by itself; a restart when its liveness probe fails (Paho's automatic
	 * reconnect sometimes hangs; the service reports that as not live after
	 * {@code mqtt.stuck-timeout}).
	 */
	private void superviseIngest() throws Exception {
		await("ingest ready again, or not live").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.ingest.ready() || !this.ingest.live());
		if (!this.ingest.ready()) {
			this.restarts.incrementAndGet();
			this.ingest.kill();
			restartIngest();
		}
	}

	@Test
	@Order(5)
	void postgresStoppedForThirtySeconds() throws Exception {
		telemetryScenario("PostgreSQL stopped for 30 s", "PG", () -> this.postgres.outage().begin(), OUTAGE,
				() -> this.postgres.outage().end(), () -> this.ingest.alive() && this.store.alive());
	}

	/**
	 * Commands created while the command service is killed with SIGKILL and restarted:
	 * the clients retry what failed with the same idempotency key; every command ends
	 * SUCCEEDED, every car executed each command it was meant to get exactly once, and no
	 * other.
	 */
	@Test
	@Order(6)
	void commandServiceKilledWithCommandsInFlight() throws Exception {
		List<CountingCar> cars = connect("CM");
		try {
			String token = DevIssuer.platformToken();
			Map<String, String> commandIds = new HashMap<>();
			List<String> keys = new ArrayList<>();
			for (int index = 0; index < 30; index++) {
				keys.add("fault-" + index);
			}
			// a third before the crash, the rest with the service down and after its
			// restart, each retried with its key until accepted
			for (String key : keys.subList(0, 10)) {
				commandIds.put(key, createCommand(cars, key, token));
			}
			this.command.kill();
			long failedWhileDown = keys.subList(10, 15)
				.stream()
				.filter((key) -> tryCreate(cars, key, token) == null)
				.count();
			assertThat(failedWhileDown).as("creations refused while the service was down").isEqualTo(5);
			this.command.start(this.logs);
			awaitReady(List.of(this.command));
			for (String key : keys) {
				String id = createCommand(cars, key, token);
				assertThat(commandIds.putIfAbsent(key, id)).as("the id an idempotency key names").isIn(null, id);
			}
			await("every command in a final state").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> commandIds.values().stream().allMatch((id) -> TERMINAL.contains(status(id, token))));
			Map<String, String> finalStatus = new HashMap<>();
			commandIds.forEach((key, id) -> finalStatus.put(id, status(id, token)));
			Set<String> executed = new HashSet<>();
			long deliveries = 0;
			for (CountingCar car : cars) {
				for (String id : car.executed()) {
					assertThat(executed.add(id)).as("command %s executed by one car", id).isTrue();
				}
				deliveries += car.deliveries().values().stream().mapToInt(Number::intValue).sum();
			}
			System.out.printf(
					"command service killed: %d commands, %d executed, %d deliveries (%d repeats ignored by "
							+ "the cars), final states %s%n",
					commandIds.size(), executed.size(), deliveries, deliveries - executed.size(),
					finalStatus.values().stream().distinct().toList());
			assertThat(finalStatus).as("final states")
				.allSatisfy(
						(id, status) -> assertThat(status).as("command %s", command(id, token)).isEqualTo("SUCCEEDED"));
			assertThat(executed).as("commands the cars executed, once each")
				.containsExactlyInAnyOrderElementsOf(commandIds.values());
			awaitReady(services());
		}
		finally {
			cars.forEach(CountingCar::close);
		}
	}

	private void telemetryScenario(String name, String code, Step inject, Duration hold, Step heal,
			BooleanSupplier survivors) throws Exception {
		List<CountingCar> cars = connect(code);
		try {
			ScheduledFuture<?> stream = this.scheduler.scheduleAtFixedRate(() -> cars.forEach(CountingCar::publishNext),
					0, PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
			await("telemetry flowing into PostgreSQL before the fault").atMost(Duration.ofMinutes(1))
				.until(() -> rows(storedInPostgres(code)) > 100);
			inject.run();
			// the fault lasts this long; the services must not die of it
			await(name + ": the other services stay up").during(hold)
				.atMost(hold.plusSeconds(15))
				.until(survivors::getAsBoolean);
			heal.run();
			long acknowledgedAtHeal = acknowledged(cars);
			await("cars acknowledged again after the fault").atMost(Duration.ofMinutes(2))
				.until(() -> acknowledged(cars) > acknowledgedAtHeal + 500);
			stream.cancel(false);
			await("every publish answered").atMost(Duration.ofMinutes(2))
				.until(() -> cars.stream().allMatch((car) -> car.pending() == 0));
			Map<String, Set<Long>> promised = new HashMap<>();
			cars.forEach((car) -> promised.put(car.vin().value(), car.acknowledged()));
			Ledger[] last = new Ledger[1];
			// the failure message of a timeout is the last ledger: what is missing where
			await(name + ": every acknowledged message in PostgreSQL and MongoDB").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofSeconds(2))
				.untilAsserted(() -> {
					last[0] = ledger(name, code, cars, promised);
					assertThat(last[0].lostPostgres() + last[0].lostMongo()).as(last[0].toString()).isZero();
				});
			Ledger ledger = last[0];
			this.ledgers.add(ledger);
			System.out.println(ledger);
			assertThat(ledger.postgresRows()).as("PostgreSQL rows = distinct (vin, seq)")
				.isEqualTo(ledger.storedPostgres());
			assertThat(ledger.mongoDocuments()).as("MongoDB documents = distinct (vin, seq)")
				.isEqualTo(ledger.storedMongo());
			awaitReady(services());
		}
		finally {
			cars.forEach(CountingCar::close);
		}
	}

	private Ledger ledger(String name, String code, List<CountingCar> cars, Map<String, Set<Long>> promised)
			throws Exception {
		long sent = cars.stream().mapToLong(CountingCar::sent).sum();
		long refused = cars.stream().mapToLong(CountingCar::refused).sum();
		long acknowledged = promised.values().stream().mapToLong(Set::size).sum();
		Map<String, Set<Long>> inPostgres = storedInPostgres(code);
		Map<String, Set<Long>> inMongo = storedInMongo(code);
		long postgresRows;
		try (Connection connection = storeDatabase()) {
			postgresRows = StoredTelemetry.postgresRows(connection, "FAULT" + code);
		}
		long mongoDocuments = StoredTelemetry.mongoDocuments(this.mongoUri, "fault", "FAULT" + code);
		Map<String, Set<Long>> onKafka = new HashMap<>();
		long kafkaRecords = kafkaRecords(code, onKafka);
		return new Ledger(name, sent, acknowledged, refused, kafkaRecords, missing(onKafka, promised), rows(inPostgres),
				postgresRows, rows(inMongo), mongoDocuments, missing(inPostgres, promised), missing(inMongo, promised));
	}

	private List<CountingCar> connect(String code) {
		List<CountingCar> cars = new ArrayList<>();
		for (int index = 1; index <= CARS; index++) {
			CountingCar car = new CountingCar(VehicleId.of("FAULT%s%010d".formatted(code, index)),
					this.mqtt.serverUri(), this.scheduler);
			car.connect();
			cars.add(car);
		}
		return cars;
	}

	private Map<String, Set<Long>> storedInPostgres(String code) {
		try (Connection connection = storeDatabase()) {
			return StoredTelemetry.inPostgres(connection, "FAULT" + code);
		}
		catch (SQLException ex) {
			// PostgreSQL is down in one scenario: nothing readable yet
			return Map.of();
		}
	}

	private Map<String, Set<Long>> storedInMongo(String code) {
		return StoredTelemetry.inMongo(this.mongoUri, "fault", "FAULT" + code);
	}

	/**
	 * The scenario's cars' records on the Kafka telemetry topic, redeliveries included.
	 * @param seen filled with the distinct (vin, seq) found
	 * @return how many records
	 */
	private long kafkaRecords(String code, Map<String, Set<Long>> seen) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers(),
						ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
						ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
			List<TopicPartition> partitions = consumer.partitionsFor(KafkaTopic.TELEMETRY.topicName())
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			long count = 0;
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
					if (record.key() != null && record.key().startsWith("FAULT" + code)) {
						count++;
						Matcher seq = SEQ.matcher(new String(record.value(), StandardCharsets.UTF_8));
						if (seq.find()) {
							seen.computeIfAbsent(record.key(), (vin) -> new HashSet<>())
								.add(Long.parseLong(seq.group(1)));
						}
					}
				}
			}
			return count;
		}
	}

	private String createCommand(List<CountingCar> cars, String key, String token) {
		String id = await("command " + key + " accepted").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> tryCreate(cars, key, token), (created) -> created != null);
		return id;
	}

	/**
	 * @return the command's id, or null when the service did not accept it
	 */
	private String tryCreate(List<CountingCar> cars, String key, String token) {
		int index = Integer.parseInt(key.substring(key.indexOf('-') + 1));
		VehicleId vin = cars.get(index % cars.size()).vin();
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(this.command.url("/api/v1/vehicles/" + vin.value() + "/commands"))
					.header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + token)
					.header("Idempotency-Key", key)
					.timeout(Duration.ofSeconds(5))
					.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"LOCK_DOORS\",\"ttlSeconds\":600}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 202 && response.statusCode() != 200) {
				return null;
			}
			Matcher id = ID.matcher(response.body());
			return id.find() ? id.group(1) : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * @return the command's status, or "" while the service does not answer
	 */
	private String status(String id, String token) {
		Matcher status = STATUS.matcher(command(id, token));
		return status.find() ? status.group(1) : "";
	}

	/**
	 * @return the command with its history as JSON, or "" while the service does not
	 * answer
	 */
	private String command(String id, String token) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(this.command.url("/api/v1/commands/" + id))
					.header("Authorization", "Bearer " + token)
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private void killIngest() throws InterruptedException {
		this.ingest.kill();
	}

	private void restartIngest() throws Exception {
		this.ingest.start(this.logs);
		awaitReady(List.of(this.ingest));
	}

	private static void awaitReady(List<ServiceProcess> services) {
		for (ServiceProcess service : services) {
			await(service.name() + " ready").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(500))
				.until(service::ready);
		}
	}

	private List<ServiceProcess> services() {
		return List.of(this.ingest, this.store, this.command);
	}

	private Connection storeDatabase() throws SQLException {
		return DriverManager.getConnection(this.storeJdbcUrl, this.postgres.username(), this.postgres.password());
	}

	private Map<String, String> database(String url) {
		return Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME", this.postgres.username(),
				"SPRING_DATASOURCE_PASSWORD", this.postgres.password());
	}

	@SafeVarargs
	private static ServiceProcess service(String module, Map<String, String>... environment) {
		Map<String, String> merged = new HashMap<>();
		for (Map<String, String> part : environment) {
			merged.putAll(part);
		}
		Path jar = Path.of("..", module, "target", module + "-0.1.0-SNAPSHOT-exec.jar");
		return new ServiceProcess(module, jar, LocalInfrastructure.freePort(0), "384m", merged);
	}

	private static long acknowledged(List<CountingCar> cars) {
		return cars.stream().mapToLong((car) -> car.acknowledged().size()).sum();
	}

	private static long missing(Map<String, Set<Long>> stored, Map<String, Set<Long>> promised) {
		return StoredTelemetry.missing(stored, promised);
	}

	private static long rows(Map<String, Set<Long>> stored) {
		return StoredTelemetry.count(stored);
	}

	private static String hostPort(String url) {
		Matcher matcher = HOST_PORT.matcher(url);
		assertThat(matcher.find()).as("host and port in %s", url).isTrue();
		return matcher.group(1);
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Exception;

	}

	/**
	 * What one scenario's cars sent and where it ended up.
	 *
	 * @param scenario the fault
	 * @param sent telemetry messages the cars published
	 * @param acknowledged those the broker acknowledged with a successful PUBACK: the
	 * promise
	 * @param refused publishes that failed or were refused (the car knows they were not
	 * taken)
	 * @param kafkaRecords the cars' records on the Kafka topic, redeliveries included
	 * @param lostKafka acknowledged but not on Kafka
	 * @param storedPostgres distinct (vin, seq) in PostgreSQL
	 * @param postgresRows rows in PostgreSQL
	 * @param storedMongo distinct (vin, seq) in MongoDB
	 * @param mongoDocuments documents in MongoDB
	 * @param lostPostgres acknowledged but not in PostgreSQL
	 * @param lostMongo acknowledged but not in MongoDB
	 */
	record Ledger(String scenario, long sent, long acknowledged, long refused, long kafkaRecords, long lostKafka,
			long storedPostgres, long postgresRows, long storedMongo, long mongoDocuments, long lostPostgres,
			long lostMongo) {

		/** Redelivered copies on Kafka that the store wrote once. */
		long duplicatesRemoved() {
			return this.kafkaRecords - this.storedPostgres;
		}

		@Override
		public String toString() {
			return ("%s: sent %d, acknowledged %d, refused %d, on Kafka %d (acknowledged but missing %d), in "
					+ "PostgreSQL %d, in MongoDB %d, duplicates removed %d, lost %d / %d")
				.formatted(this.scenario, this.sent, this.acknowledged, this.refused, this.kafkaRecords, this.lostKafka,
						this.storedPostgres, this.storedMongo, duplicatesRemoved(), this.lostPostgres, this.lostMongo);
		}

		static String table(List<Ledger> ledgers) {
			StringBuilder table = new StringBuilder(
					"\n| scenario | sent | acknowledged | on Kafka | PostgreSQL | MongoDB | duplicates removed | lost |\n"
							+ "|---|---:|---:|---:|---:|---:|---:|---:|\n");
			for (Ledger ledger : ledgers) {
				table.append("| %s | %d | %d | %d | %d | %d | %d | %d |%n".formatted(ledger.scenario, ledger.sent,
						ledger.acknowledged, ledger.kafkaRecords, ledger.storedPostgres, ledger.storedMongo,
						ledger.duplicatesRemoved(), ledger.lostPostgres + ledger.lostMongo));
			}
			return table.toString();
		}

	}

}
