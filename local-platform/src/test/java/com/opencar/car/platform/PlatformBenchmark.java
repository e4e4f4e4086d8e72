package com.opencar.car.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.simulator.load.Latencies;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestMosquitto;
import com.opencar.car.testsupport.benchmark.BenchmarkResults;
import com.opencar.car.testsupport.benchmark.BenchmarkStage;
import com.opencar.car.testsupport.security.DevIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole platform from the build's jars, as {@code ./run-local} runs it (Mosquitto as
 * the broker): a harness, not a test. Run by {@code ./benchmark}, the suite's script, as
 * its last module, so it also writes the suite's table from every benchmark's results.
 * <ul>
 * <li>End to end: a probe car publishes one numbered message at a time, at QoS 1, while
 * simulated cars drive; the time until the analytics API shows that sequence number as
 * the car's latest state, polled every 5 ms. Its ceiling is the sum of the hops' p99,
 * each measured alone the same way (one message at a time) on the same servers and load:
 * MQTT QoS 1 publish to a subscriber, a Kafka send with acks=all to a consumer, and
 * PostgreSQL's upsert and read of a latest-state row by VIN.</li>
 * <li>Scale ({@code -Dbench.scale=true}): 10,000 simulated cars, each on its own MQTT
 * connection, 1 message/s each for 10 minutes ({@code bench.scale.cars}, {@code .seconds}
 * and {@code .rate}, the messages per second from all cars together, to change); the
 * connections the broker holds, messages acknowledged vs stored, CPU and memory per
 * process.</li>
 * </ul>
 */
@Tag("benchmark")
@RealServers(Server.MOSQUITTO)
class PlatformBenchmark {

	private static final int PROBES = Integer.getInteger("bench.probes", 300);

	private static final int BACKGROUND_CARS = Integer.getInteger("bench.cars", 200);

	private static final Pattern LAST_SEQ = Pattern.compile("\"lastSeq\"\\s*:\\s*(\\d+)");

	private static final Pattern LOAD_REPORT = Pattern
		.compile("sent (\\d+), issued \\d+, completed (\\d+) \\((\\d+) failed\\), (\\d+)/s; p50 ([0-9.]+) ms, "
				+ "p95 [0-9.]+ ms, p99 ([0-9.]+) ms");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void endToEnd(TestMosquitto mosquitto) throws Exception {
		Path data = Files.createTempDirectory("platform-benchmark-");
		try (LocalPlatform platform = new LocalPlatform(Options.parse("--cars=" + BACKGROUND_CARS, "--data-dir=" + data,
				"--home=..", "--mqtt=" + mosquitto.serverUri()))) {
			platform.start(Duration.ofMinutes(5));
			String vin = "PRBCAR00000000001";
			URI state = URI.create(platform.url("analytics-service", "/api/v1/vehicles/" + vin));
			Mqtt5AsyncClient probe = connect(platform.mqttUrl(), "probe-" + vin);
			// warm-up: the car known everywhere, the JIT
			for (int seq = 1; seq <= 50; seq++) {
				publishAndAwait(probe, vin, seq, state);
			}
			long[] latencies = new long[PROBES];
			for (int index = 0; index < PROBES; index++) {
				latencies[index] = publishAndAwait(probe, vin, 1000 + index, state);
			}
			// the ceiling: each hop of the path alone, one message at a time as the
			// probe,
			// on the same servers under the same background load
			Latencies.Summary mqtt = mqttHop(platform, probe);
			probe.disconnect().get(10, TimeUnit.SECONDS);
			Latencies.Summary kafka = kafkaHop(platform);
			Latencies.Summary postgres = postgresHop(platform);
			double ceiling = mqtt.p99() + kafka.p99() + postgres.p99();
			Latencies.Summary summary = Latencies.summaryOf(latencies, 0);
			System.out.printf(
					"%n## End to end%n%ncar publish (QoS 1) → latest state through the analytics API, %d "
							+ "probes, %d simulated cars driving: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
					PROBES, BACKGROUND_CARS, summary.p50(), summary.p95(), summary.p99(), summary.max());
			System.out.printf(
					"ceiling, the sum of the hops' p99 alone: %.1f ms (MQTT QoS 1 publish → subscriber %.1f, Kafka "
							+ "acks=all send → consumer %.1f, PostgreSQL upsert + read by VIN %.1f)%n%n",
					ceiling, mqtt.p99(), kafka.p99(), postgres.p99());
			BenchmarkResults.record("end-to-end", List.of(BenchmarkStage.latency("end-to-end",
					"car publish → row visible through the analytics API, p99 (" + BACKGROUND_CARS + " cars driving)",
					ceiling, summary.p99(),
					Map.of("p50 ms", summary.p50(), "p95 ms", summary.p95(), "max ms", summary.max(), "probes",
							(double) PROBES, "MQTT hop p99 ms", mqtt.p99(), "Kafka hop p99 ms", kafka.p99(),
							"PostgreSQL hop p99 ms", postgres.p99()))));
		}
	}

	/** QoS 1 publish → a plain subscriber on the same broker, one message at a time. */
	private static Latencies.Summary mqttHop(LocalPlatform platform, Mqtt5AsyncClient probe) throws Exception {
		String topic = "bench/ceiling/" + UUID.randomUUID();
		Mqtt5AsyncClient subscriber = connect(platform.mqttUrl(), "ceiling-" + UUID.randomUUID());
		AtomicReference<CompletableFuture<Long>> next = new AtomicReference<>();
		subscriber.subscribeWith()
			.topicFilter(topic)
			.qos(MqttQos.AT_LEAST_ONCE)
			.callback((message) -> next.get().complete(System.nanoTime()))
			.send()
			.get(10, TimeUnit.SECONDS);
		long[] latencies = new long[PROBES];
		try {
			for (int index = -50; index < PROBES; index++) {
				CompletableFuture<Long> arrived = new CompletableFuture<>();
				next.set(arrived);
				long started = System.nanoTime();
				probe.publishWith()
					.topic(topic)
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload(new byte[100])
					.send()
					.get(10, TimeUnit.SECONDS);
				long at = arrived.get(10, TimeUnit.SECONDS);
				if (index >= 0) {
					latencies[index] = at - started;
				}
			}
		}
		finally {
			subscriber.disconnect().get(10, TimeUnit.SECONDS);
		}
		return Latencies.summaryOf(latencies, 0);
	}

	/** A record sent as the bridge sends (acks=all) → a consumer polling it. */
	private static Latencies.Summary kafkaHop(LocalPlatform platform) throws Exception {
		TopicPartition partition = new TopicPartition("bench.ceiling." + UUID.randomUUID(), 0);
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers()));
				KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
								ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
						new StringSerializer(), new ByteArraySerializer());
				KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
						Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers()),
						new StringDeserializer(), new ByteArrayDeserializer())) {
			admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long[] latencies = new long[PROBES];
			for (int index = -50; index < PROBES; index++) {
				long started = System.nanoTime();
				producer.send(new ProducerRecord<>(partition.topic(), "PRBCAR00000000001", new byte[200]))
					.get(10, TimeUnit.SECONDS);
				long deadline = started + TimeUnit.SECONDS.toNanos(10);
				while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
					assertThat(System.nanoTime()).as("record polled within 10 s").isLessThan(deadline);
				}
				if (index >= 0) {
					latencies[index] = System.nanoTime() - started;
				}
			}
			return Latencies.summaryOf(latencies, 0);
		}
	}

	/**
	 * The store's write and the API's read of a car's latest state: an upsert of a row by
	 * VIN, then its read by VIN, each a round trip, in a table shaped as the latest-state
	 * view.
	 */
	private static Latencies.Summary postgresHop(LocalPlatform platform) throws Exception {
		try (Connection connection = DriverManager.getConnection(platform.postgresUrl("car"), "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			statement.execute("create temporary table ceiling_state (vin text primary key, last_seq bigint, "
					+ "last_seen_at timestamptz, signals jsonb)");
			long[] latencies = new long[PROBES];
			try (PreparedStatement upsert = connection.prepareStatement("""
					insert into ceiling_state (vin, last_seq, last_seen_at, signals) values (?, ?, now(), ?::jsonb)
					on conflict (vin) do update set last_seq = excluded.last_seq, last_seen_at = excluded.last_seen_at,
					  signals = ceiling_state.signals || excluded.signals
					""");
					PreparedStatement read = connection
						.prepareStatement("select last_seq, last_seen_at, signals from ceiling_state where vin = ?")) {
				for (int index = -50; index < PROBES; index++) {
					long started = System.nanoTime();
					upsert.setString(1, "PRBCAR00000000001");
					upsert.setLong(2, index);
					upsert.setString(3, "{\"Vehicle.Speed\": 42.0}");
					upsert.executeUpdate();
					read.setString(1, "PRBCAR00000000001");
					try (ResultSet row = read.executeQuery()) {
						assertThat(row.next()).isTrue();
						assertThat(row.getLong(1)).isEqualTo(index);
					}
					if (index >= 0) {
						latencies[index] = System.nanoTime() - started;
					}
				}
			}
			return Latencies.summaryOf(latencies, 0);
		}
	}

	/**
	 * @return nanoseconds from the publish to the analytics API showing the message
	 */
	private long publishAndAwait(Mqtt5AsyncClient probe, String vin, long seq, URI state) throws Exception {
		String json = "{\"seq\":" + seq + ",\"ts\":\"" + Instant.now() + "\",\"signals\":{\"Vehicle.Speed\":42.0}}";
		long started = System.nanoTime();
		probe.publishWith()
			.topic("vehicles/" + vin + "/telemetry")
			.qos(MqttQos.AT_LEAST_ONCE)
			.payload(json.getBytes(StandardCharsets.UTF_8))
			.send()
			.get(10, TimeUnit.SECONDS);
		HttpRequest request = HttpRequest.newBuilder(state)
			.header("Authorization", "Bearer " + DevIssuer.platformToken())
			.build();
		await().atMost(Duration.ofSeconds(30))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> lastSeq(this.http.send(request, HttpResponse.BodyHandlers.ofString()).body()) >= seq);
		return System.nanoTime() - started;
	}

	private static long lastSeq(String body) {
		Matcher matcher = LAST_SEQ.matcher(body);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	@Test
	@EnabledIfSystemProperty(named = "bench.scale", matches = "true")
	void scale(TestMosquitto mosquitto) throws Exception {
		int cars = Integer.getInteger("bench.scale.cars", 10_000);
		// messages per second from all cars together: one per car unless set lower
		int rate = Integer.getInteger("bench.scale.rate", cars);
		Duration duration = Duration.ofSeconds(Long.getLong("bench.scale.seconds", 600));
		Path data = Files.createTempDirectory("platform-scale-");
		try (LocalPlatform platform = new LocalPlatform(
				Options.parse("--cars=0", "--data-dir=" + data, "--home=..", "--mqtt=" + mosquitto.serverUri()))) {
			platform.start(Duration.ofMinutes(5));
			ServiceProcess simulator = new ServiceProcess("vehicle-simulator",
					Path.of("..", "vehicle-simulator", "target", "vehicle-simulator-0.1.0-SNAPSHOT-exec.jar"),
					LocalInfrastructure.freePort(0), "2g",
					Map.of("CAR_SIMULATOR_MQTT_URL", mosquitto.serverUri(), "CAR_SIMULATOR_CARS", String.valueOf(cars),
							"CAR_SIMULATOR_LOAD_RATE", String.valueOf(rate), "CAR_SIMULATOR_LOAD_DURATION",
							duration.toSeconds() + "s", "CAR_SIMULATOR_VIN_PREFIX", "SCALECAR"));
			Path logs = data.resolve("logs");
			ProcessSampler processes = new ProcessSampler();
			AtomicInteger connected = new AtomicInteger();
			List<Integer> connectedSamples = new ArrayList<>();
			Mqtt5AsyncClient watcher = connect(mosquitto.serverUri(), "scale-watcher");
			watcher.subscribeWith()
				.topicFilter("$SYS/broker/clients/connected")
				.callback((message) -> connected.set(Integer
					.parseInt(StandardCharsets.UTF_8.decode(message.getPayload().orElseThrow()).toString().trim())))
				.send()
				.get(10, TimeUnit.SECONDS);
			simulator.start(logs);
			try {
				runScale(platform, simulator, logs, processes, connected, connectedSamples, watcher, cars, rate,
						duration);
			}
			finally {
				simulator.requestStop();
				simulator.awaitStop();
			}
		}
	}

	private void runScale(LocalPlatform platform, ServiceProcess simulator, Path logs, ProcessSampler processes,
			AtomicInteger connected, List<Integer> connectedSamples, Mqtt5AsyncClient watcher, int cars, int rate,
			Duration duration) throws Exception {
		Path simulatorLog = logs.resolve("vehicle-simulator.log");
		long started = System.nanoTime();
		// the simulator publishes a fixed count; when this machine cannot offer
		// the rate it takes longer (beside the platform on 2 cores: about half)
		await("the simulator's load run to finish").atMost(duration.multipliedBy(3))
			.pollInterval(Duration.ofSeconds(10))
			.until(() -> {
				processes.sample();
				if (loadStarted(simulatorLog)) {
					connectedSamples.add(connected.get());
				}
				return LOAD_REPORT.matcher(Files.readString(simulatorLog)).find();
			});
		Matcher report = LOAD_REPORT.matcher(Files.readString(simulatorLog));
		assertThat(report.find()).isTrue();
		long sent = Long.parseLong(report.group(1));
		long failed = Long.parseLong(report.group(3));
		long acknowledged = Long.parseLong(report.group(2)) - failed;
		simulator.requestStop();
		simulator.awaitStop();
		long storedAtLoadEnd = storedRows(platform);
		double loadSeconds = (System.nanoTime() - started) / 1e9;
		// everything acknowledged must arrive; the platform may still be catching up
		// on what the broker queued for it, for at most this long
		Duration drainLimit = Duration.ofSeconds(Long.getLong("bench.scale.drain-seconds", 600));
		long[] stored = { storedAtLoadEnd };
		long drainStarted = System.nanoTime();
		boolean drained;
		try {
			await("every acknowledged message stored").atMost(drainLimit)
				.pollInterval(Duration.ofSeconds(10))
				.until(() -> {
					processes.sample();
					stored[0] = storedRows(platform);
					return stored[0] >= acknowledged;
				});
			drained = true;
		}
		catch (ConditionTimeoutException ex) {
			stored[0] = storedRows(platform);
			drained = false;
		}
		double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;
		double runSeconds = (System.nanoTime() - started) / 1e9;
		Map<String, double[]> usage = processes.report();
		int heldMin = connectedSamples.stream().mapToInt(Integer::intValue).min().orElse(0);
		int heldMax = connectedSamples.stream().mapToInt(Integer::intValue).max().orElse(0);
		watcher.disconnect().get(10, TimeUnit.SECONDS);

		long backlog = Math.max(0, acknowledged - stored[0]);
		String outcome = drained
				? String.format(Locale.ROOT, "every acknowledged message stored %.0f s after the cars stopped: lost 0",
						drainSeconds)
				: String.format(Locale.ROOT,
						"NOT drained within %d s after the cars stopped: %,d acknowledged messages not yet "
								+ "stored (queued in the broker for the ingest service's session), so loss "
								+ "is not shown",
						drainLimit.toSeconds(), backlog);
		StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
				"%n## Scale run%n%n%,d cars, %,d msg/s in all (%s msg/s per car) for %d s: sent %,d, acknowledged %,d, failed %,d "
						+ "(publish → PUBACK p50 %s ms, p99 %s ms, %s msg/s); broker connections held %,d–%,d "
						+ "(sampled every 10 s while publishing); stored in PostgreSQL %,d when the cars "
						+ "stopped (%.0f msg/s), %,d in the end; %s%n%n"
						+ "| process | CPU (cores, mean over %.0f s) | peak RSS MiB |%n|---|---:|---:|%n",
				cars, rate, perCar(rate, cars), duration.toSeconds(), sent, acknowledged, failed, report.group(5),
				report.group(6), report.group(4), heldMin, heldMax, storedAtLoadEnd, storedAtLoadEnd / loadSeconds,
				stored[0], outcome, runSeconds));
		Map<String, Double> details = new LinkedHashMap<>();
		usage.forEach((name, figures) -> {
			table.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f |%n", name, figures[0], figures[1]));
			details.put(name + " CPU cores", figures[0]);
			details.put(name + " RSS MiB", figures[1]);
		});
		System.out.println(table);
		details.put("cars", (double) cars);
		details.put("offered msg/s", (double) rate);
		details.put("connections held (min)", (double) heldMin);
		details.put("sent", (double) sent);
		details.put("acknowledged", (double) acknowledged);
		details.put("stored when the cars stopped", (double) storedAtLoadEnd);
		details.put("stored", (double) stored[0]);
		details.put("not yet stored", (double) backlog);
		details.put("drain s", drainSeconds);
		BenchmarkResults.record("scale",
				List.of(BenchmarkStage.rate("scale",
						"%,d cars × %s msg/s for %d s: stored per second while publishing (ceiling: the offered load)"
							.formatted(cars, perCar(rate, cars), duration.toSeconds()),
						"msg/s", (double) rate, storedAtLoadEnd / loadSeconds, details)));
		if (drained) {
			assertThat(stored[0]).as("acknowledged messages stored").isGreaterThanOrEqualTo(acknowledged);
		}
	}

	private static String perCar(int rate, int cars) {
		return new java.math.BigDecimal(rate).divide(new java.math.BigDecimal(cars), 3, java.math.RoundingMode.HALF_UP)
			.stripTrailingZeros()
			.toPlainString();
	}

	private static boolean loadStarted(Path log) throws java.io.IOException {
		return Files.exists(log) && Files.readString(log).contains("cars connected; publishing");
	}

	private static long storedRows(LocalPlatform platform) throws Exception {
		try (Connection connection = DriverManager.getConnection(platform.postgresUrl("car"), "postgres", "postgres");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from telemetry where vin like 'SCALECAR%'")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static Mqtt5AsyncClient connect(String serverUri, String clientId) throws Exception {
		URI uri = URI.create(serverUri);
		Mqtt5AsyncClient client = MqttClient.builder()
			.useMqttVersion5()
			.identifier(clientId)
			.serverHost(uri.getHost())
			.serverPort(uri.getPort())
			.buildAsync();
		client.connect().get(30, TimeUnit.SECONDS);
		return client;
	}

	/**
	 * The suite's last step: one table and one JSON file from every benchmark's results.
	 */
	@AfterAll
	static void writeSuite() throws Exception {
		String machine = machine();
		String markdown = BenchmarkResults.writeSuite(BenchmarkResults.directory(), machine);
		System.out.println("\n## Benchmark suite (" + BenchmarkResults.directory().toAbsolutePath() + ")\n");
		System.out.println(markdown);
	}

	private static String machine() throws Exception {
		String cpu = "?";
		for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
			if (line.startsWith("model name")) {
				cpu = line.substring(line.indexOf(':') + 1).trim();
				break;
			}
		}
		long memoryKb = 0;
		for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
			if (line.startsWith("MemTotal:")) {
				memoryKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
		Path release = Path.of("/etc/os-release");
		if (Files.exists(release)) {
			for (String line : Files.readAllLines(release)) {
				if (line.startsWith("PRETTY_NAME=")) {
					os = line.substring(12).replace("\"", "") + " (kernel " + System.getProperty("os.version") + ")";
				}
			}
		}
		return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB, %s, Java %s (%s)",
				Runtime.getRuntime().availableProcessors(), cpu, memoryKb / 1024.0 / 1024.0, os,
				System.getProperty("java.version"), System.getProperty("java.vm.name"));
	}

}
