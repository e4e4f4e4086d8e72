package com.opencar.car.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine: infrastructure in this JVM (or external, by option),
 * the four services and the vehicle simulator as child processes from the build's
 * executable jars. Prints the addresses once everything is ready; Ctrl-C stops it all,
 * services first.
 */
public final class LocalPlatform implements AutoCloseable {

	static {
		// before the first logger: test-support's logback-test.xml would win otherwise
		System.setProperty("logback.configurationFile", "logback-local-platform.xml");
	}

	private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

	private static final String VERSION = "0.1.0-SNAPSHOT";

	private final Options options;

	private final LocalInfrastructure infrastructure;

	/** Where the services under the profile dev-issuer expect the development issuer. */
	static final int DEV_ISSUER_PORT = 9000;

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

	private final List<ServiceProcess> services = new ArrayList<>();

	LocalPlatform(Options options) {
		this.options = options;
		this.infrastructure = new LocalInfrastructure(options);
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		LocalPlatform platform = new LocalPlatform(options);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping the platform");
			platform.close();
			stopped.countDown();
		}, "local-platform-stop"));
		try {
			platform.start(Duration.ofMinutes(5));
		}
		catch (Exception ex) {
			log.error("The platform did not start: {}", ex.getMessage());
			System.exit(1);
		}
		platform.printAddresses();
		stopped.await();
	}

	void start(Duration timeout) throws Exception {
		if (this.options.fresh()) {
			deleteRecursively(this.options.dataDirectory());
		}
		long starting = System.nanoTime();
		log.info("Starting the infrastructure in this JVM (PostgreSQL, the MongoDB-compatible server, HiveMQ CE, "
				+ "Kafka, or the external ones given)");
		this.infrastructure.start();
		log.info("Infrastructure up ({} s); starting the development issuer, the services and the simulator",
				seconds(starting));
		Path data = this.options.dataDirectory();
		// kept next to the Kafka logs it was built from
		Path streamsState = data.resolve("kafka-streams");
		Map<String, String> kafka = Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS",
				this.infrastructure.kafkaBootstrapServers());
		Map<String, String> database = database("car");
		Map<String, String> commandDatabase = database("car_commands");
		int ingestPort = LocalInfrastructure.freePort(8081);
		int commandPort = LocalInfrastructure.freePort(8082);
		int storePort = LocalInfrastructure.freePort(8083);
		int analyticsPort = LocalInfrastructure.freePort(8084);
		int simulatorPort = LocalInfrastructure.freePort(8085);
		if (LocalInfrastructure.freePort(DEV_ISSUER_PORT) != DEV_ISSUER_PORT) {
			throw new IllegalStateException("Port " + DEV_ISSUER_PORT
					+ " is taken: the development issuer needs it (the services expect its tokens from there)");
		}
		// the development issuer signs people in to the dashboard and mints tokens; the
		// services trust its fixed key under the profile dev-issuer
		this.services.add(service("dev-issuer", DEV_ISSUER_PORT, "256m", Map.of()));
		Map<String, String> everyService = new HashMap<>(Map.of("SPRING_PROFILES_ACTIVE", "dev-issuer"));
		if (this.options.otlpEndpoint() != null) {
			everyService.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", this.options.otlpEndpoint());
		}
		// HiveMQ CE stalls shared subscriptions under load: one instance of each
		// subscribes plainly
		this.services.add(service("telemetry-store-service", storePort, "512m",
				merge(kafka, database, everyService, Map.of("SPRING_MONGODB_URI", this.infrastructure.mongodbUri()))));
		this.services.add(service("ingest-service", ingestPort, "384m", merge(kafka, everyService,
				Map.of("CAR_INGEST_MQTT_URL", this.infrastructure.mqttUrl(), "CAR_INGEST_BRIDGE_SHARED_GROUP", ""))));
		this.services
			.add(service("command-service", commandPort, "384m", merge(kafka, commandDatabase, everyService, Map
				.of("CAR_COMMAND_MQTT_URL", this.infrastructure.mqttUrl(), "CAR_COMMAND_DELIVERY_SHARED_GROUP", ""))));
		this.services.add(service("analytics-service", analyticsPort, "512m",
				merge(kafka, database, everyService,
						Map.of("CAR_ANALYTICS_DASHBOARD_COMMAND_SERVICE_URL", "http://localhost:" + commandPort,
								"SPRING_KAFKA_STREAMS_STATE_DIR", streamsState.toString()))));
		if (this.options.cars() > 0) {
			this.services.add(service("vehicle-simulator", simulatorPort, "384m", Map.of("CAR_SIMULATOR_MQTT_URL",
					this.infrastructure.mqttUrl(), "CAR_SIMULATOR_CARS", String.valueOf(this.options.cars()))));
		}
		Path logs = data.resolve("logs");
		for (ServiceProcess service : this.services) {
			service.start(logs);
			log.info("Started {} on port {} (log: {})", service.name(), service.port(),
					logs.resolve(service.name() + ".log"));
		}
		awaitReady(timeout, logs);
	}

	/**
	 * Waits for every service's readiness at once, saying which one is ready when, and
	 * every few seconds which ones it still waits for, so a slow start shows what it is
	 * waiting for instead of looking hung.
	 */
	private void awaitReady(Duration timeout, Path logs) {
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		long nextReport = started + PROGRESS_EVERY.toNanos();
		List<ServiceProcess> waiting = new ArrayList<>(this.services);
		while (!waiting.isEmpty()) {
			for (java.util.Iterator<ServiceProcess> each = waiting.iterator(); each.hasNext();) {
				ServiceProcess service = each.next();
				if (service.ready()) {
					each.remove();
					log.info("{} is ready ({} s)", service.name(), seconds(started));
				}
			}
			long now = System.nanoTime();
			if (waiting.isEmpty()) {
				break;
			}
			if (now > deadline) {
				throw new IllegalStateException(names(waiting) + " not ready within " + timeout + "; see " + logs);
			}
			if (now > nextReport) {
				log.info("Waiting for {} to be ready ({} s; their logs are in {})", names(waiting), seconds(started),
						logs);
				nextReport = now + PROGRESS_EVERY.toNanos();
			}
			waitABit();
		}
	}

	private static String names(List<ServiceProcess> services) {
		return String.join(", ", services.stream().map(ServiceProcess::name).toList());
	}

	private static long seconds(long since) {
		return java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
	}

	private Map<String, String> database(String name) {
		return Map.of("SPRING_DATASOURCE_URL", this.infrastructure.postgresUrl(name), "SPRING_DATASOURCE_USERNAME",
				this.options.postgresUser(), "SPRING_DATASOURCE_PASSWORD", this.options.postgresPassword());
	}

	void printAddresses() {
		System.out.printf("""

				The connected-car platform is running (%d simulated cars).
				  Dashboard             %s (sign in as operator, viewer or admin; password dev)
				  Tokens for the APIs   curl -s -u platform-cli:dev-cli-secret -d grant_type=client_credentials %s
				  Analytics API         %s
				  Command API           %s
				  Ingest HTTP API       %s
				  MQTT broker           %s
				  Kafka                 %s
				  Logs and data         %s
				Ctrl-C stops everything.

				""", this.options.cars(), dashboardUrl(), url("dev-issuer", "/oauth2/token"),
				url("analytics-service", "/swagger-ui.html"), url("command-service", "/swagger-ui/index.html"),
				url("ingest-service", "/swagger-ui/index.html"), this.infrastructure.mqttUrl(),
				this.infrastructure.kafkaBootstrapServers(), this.options.dataDirectory());
	}

	/**
	 * The dashboard at the loopback address: the issuer sends people back to one, never
	 * to "localhost".
	 */
	String dashboardUrl() {
		return url("analytics-service", "/").replace("//localhost:", "//127.0.0.1:");
	}

	String url(String service, String path) {
		return this.services.stream()
			.filter((candidate) -> candidate.name().equals(service))
			.findFirst()
			.orElseThrow()
			.url(path)
			.toString();
	}

	/** Stops the services (all at once, each gracefully), then the infrastructure. */
	@Override
	public void close() {
		this.services.forEach(ServiceProcess::requestStop);
		this.services.forEach(ServiceProcess::awaitStop);
		this.infrastructure.close();
	}

	String mqttUrl() {
		return this.infrastructure.mqttUrl();
	}

	String kafkaBootstrapServers() {
		return this.infrastructure.kafkaBootstrapServers();
	}

	/**
	 * @param database a database name
	 * @return its JDBC URL
	 */
	String postgresUrl(String database) {
		return this.infrastructure.postgresUrl(database);
	}

	List<ServiceProcess> services() {
		return List.copyOf(this.services);
	}

	private ServiceProcess service(String module, int port, String heap, Map<String, String> environment) {
		Path jar = this.options.home().resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
		return new ServiceProcess(module, jar, port, heap, environment);
	}

	@SafeVarargs
	private static Map<String, String> merge(Map<String, String>... maps) {
		Map<String, String> merged = new HashMap<>();
		for (Map<String, String> map : maps) {
			merged.putAll(map);
		}
		return merged;
	}

	private static void waitABit() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting", ex);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
