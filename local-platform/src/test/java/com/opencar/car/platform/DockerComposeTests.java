package com.opencar.car.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.simulator.CarCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of {@code docker-compose.yml} without running it: every service has
 * a pinned image, a healthcheck and a memory limit, waits for healthy dependencies, host
 * ports do not clash, the platform's images are the ones Jib builds, every environment
 * variable given to the platform's services is a configuration property they have
 * (checked against the Spring configuration metadata of the services' jars and Spring
 * Boot), and the broker admits only the platform's users, with per-vehicle topic rights.
 * <p>
 * Where Compose is installed (always in CI), the checks read what {@code docker-compose
 * config} makes of the file, with the stand-ins' override: Compose itself validates it
 * (keys, references between services, anchors and defaults resolved). Running the stack
 * is the container checks' part ({@code DockerComposeStackTests}).
 */
class DockerComposeTests {

	private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

	private static final String VERSION = "0.1.0-SNAPSHOT";

	private final Map<String, Map<String, Object>> services = services();

	@Test
	void hasTheInfrastructureTheServicesTheSimulatorAndAKafkaUiOnlyOnRequest() throws IOException {
		assertThat(this.services).containsKeys("emqx", "kafka", "postgres", "mongo", "ingest-service",
				"command-service", "telemetry-store-service", "analytics-service", "vehicle-simulator");
		// an admin UI that can write every topic: only with --profile tools
		Map<String, Map<String, Object>> file = map(
				new Yaml().<Map<String, Object>>load(Files.readString(COMPOSE)).get("services"));
		assertThat(file.get("kafka-ui")).containsEntry("profiles", List.of("tools"));
		assertThat(String.valueOf(file.get("kafka-ui").get("image"))).startsWith("ghcr.io/kafbat/kafka-ui:");
		assertThat(image("emqx")).startsWith("emqx/emqx:5.8.");
		assertThat(image("kafka")).startsWith("apache/kafka:");
		assertThat(image("postgres")).isEqualTo("postgres:17");
		assertThat(image("mongo")).isEqualTo("mongo:8");
		assertThat(String.valueOf(this.services.get("kafka").get("environment"))).contains("broker,controller");
	}

	@Test
	void everyServiceHasAPinnedImageAHealthcheckAndAMemoryLimit() {
		this.services.forEach((name, service) -> {
			assertThat(image(name)).as(name).contains(":").doesNotEndWith(":latest");
			assertThat(service).as(name).containsKeys("healthcheck", "mem_limit");
			assertThat(((Map<?, ?>) service.get("healthcheck")).get("test")).as(name).isNotNull();
		});
	}

	@Test
	void dependenciesAreWaitedForUntilHealthy() {
		this.services.forEach((name, service) -> {
			Map<String, Map<String, Object>> dependencies = map(service.get("depends_on"));
			dependencies.forEach((dependency, condition) -> {
				assertThat(this.services).as(name + " depends on " + dependency).containsKey(dependency);
				assertThat(condition).as(name + " → " + dependency).containsEntry("condition", "service_healthy");
			});
		});
		assertThat(map(this.services.get("analytics-service").get("depends_on")))
			.containsKey("telemetry-store-service");
	}

	@Test
	void hostPortsDoNotClash() {
		List<String> hostPorts = new ArrayList<>();
		this.services.values().forEach((service) -> {
			for (Object port : list(service.get("ports"))) {
				// "host:container" in the file, {published, target} as Compose prints it
				hostPorts.add((port instanceof Map<?, ?> published) ? String.valueOf(published.get("published"))
						: String.valueOf(port).split(":")[0]);
			}
		});
		assertThat(hostPorts).isNotEmpty().doesNotHaveDuplicates();
	}

	@Test
	void theBrokerAdmitsOnlyKnownClientsWithPerVehicleTopicRights() throws IOException {
		Map<String, Object> emqx = map(this.services.get("emqx").get("environment"));
		assertThat(emqx).containsEntry("EMQX_AUTHENTICATION__1__MECHANISM", "password_based")
			.containsEntry("EMQX_AUTHENTICATION__1__BACKEND", "built_in_database")
			.containsEntry("EMQX_AUTHENTICATION__1__USER_ID_TYPE", "username")
			.containsEntry("EMQX_AUTHORIZATION__NO_MATCH", "deny")
			.containsEntry("EMQX_AUTHORIZATION__SOURCES__1__TYPE", "file");
		// the mounted files exist and are the ones the settings name
		Map<String, String> mounts = new HashMap<>();
		for (Object volume : list(this.services.get("emqx").get("volumes"))) {
			String[] parts = volume.toString().split(":");
			assertThat(COMPOSE.resolveSibling(parts[0])).as(parts[0]).isRegularFile();
			mounts.put(parts[1], parts[0]);
		}
		assertThat(mounts).containsKeys(emqx.get("EMQX_AUTHENTICATION__1__BOOTSTRAP_FILE").toString(),
				emqx.get("EMQX_AUTHORIZATION__SOURCES__1__PATH").toString());

		// cars reach only their own topics; nothing else is allowed
		List<String> rules = Files
			.readAllLines(COMPOSE.resolveSibling(mounts.get(emqx.get("EMQX_AUTHORIZATION__SOURCES__1__PATH"))))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("%%"))
			.toList();
		assertThat(String.join("\n", rules))
			.contains("{allow, all, publish, [\"vehicles/${username}/telemetry\"",
					"{allow, all, subscribe, [\"vehicles/${username}/commands\"]}.")
			.doesNotContain("\"#\"");
		assertThat(rules.get(rules.size() - 1)).isEqualTo("{deny, all}.");

		// every user the platform brings: the services with the passwords they are given,
		// the simulated cars with the passwords the simulator derives from its secret
		Map<String, String> users = new HashMap<>();
		for (String line : Files
			.readAllLines(COMPOSE.resolveSibling(mounts.get(emqx.get("EMQX_AUTHENTICATION__1__BOOTSTRAP_FILE"))))
			.subList(1, 1003)) {
			String[] fields = line.split(",");
			assertThat(fields[2]).as(line).isEqualTo("false");
			users.put(fields[0], fields[1]);
		}
		Map<String, Object> ingest = map(this.services.get("ingest-service").get("environment"));
		Map<String, Object> command = map(this.services.get("command-service").get("environment"));
		assertThat(users)
			.containsEntry(ingest.get("CAR_INGEST_MQTT_USERNAME").toString(),
					ingest.get("CAR_INGEST_MQTT_PASSWORD").toString())
			.containsEntry(command.get("CAR_COMMAND_MQTT_USERNAME").toString(),
					command.get("CAR_COMMAND_MQTT_PASSWORD").toString());
		String secret = map(this.services.get("vehicle-simulator").get("environment"))
			.get("CAR_SIMULATOR_MQTT_CAR_SECRET")
			.toString();
		for (int index = 1; index <= 1000; index++) {
			VehicleId vin = VehicleId.of("SMCAR000%09d".formatted(index));
			assertThat(users).containsEntry(vin.value(), CarCredentials.password(secret, vin));
		}
	}

	/**
	 * While Kafka is away the ingest sessions queue what cars publish: the documented 5
	 * minutes at 1,000 msg/s per ingest instance, in EMQX here and in the Mosquitto
	 * configuration shipped for bare metal (whose bytes bound holds messages of ~440
	 * bytes).
	 */
	@Test
	void theBrokersQueueFiveMinutesOfAKafkaOutage() throws IOException {
		long outage = 5 * 60 * 1_000;
		Map<String, Object> emqx = map(this.services.get("emqx").get("environment"));
		assertThat(Long.parseLong(String.valueOf(emqx.get("EMQX_MQTT__MAX_MQUEUE_LEN"))))
			.isGreaterThanOrEqualTo(outage);
		assertThat(emqx).containsEntry("EMQX_MQTT__MAX_PACKET_SIZE", "256KB");
		Map<String, String> mosquitto = new HashMap<>();
		for (String line : Files.readAllLines(COMPOSE.resolveSibling("security/mosquitto/mosquitto.conf"))) {
			String[] setting = line.trim().split("\\s+", 2);
			if (setting.length == 2 && !setting[0].startsWith("#")) {
				mosquitto.put(setting[0], setting[1]);
			}
		}
		assertThat(Long.parseLong(mosquitto.get("max_queued_messages"))).isGreaterThanOrEqualTo(outage);
		assertThat(Long.parseLong(mosquitto.get("max_queued_bytes"))).isGreaterThanOrEqualTo(outage * 440);
		assertThat(mosquitto).containsEntry("max_packet_size", "262144");
	}

	@Test
	void thePlatformsImagesAreTheOnesJibBuilds() {
		for (String name : List.of("ingest-service", "command-service", "telemetry-store-service", "analytics-service",
				"vehicle-simulator")) {
			assertThat(image(name)).isEqualTo("opencar/" + name + ":" + VERSION);
		}
	}

	@Test
	void everyEnvironmentVariableOfThePlatformsServicesIsARealProperty() {
		Map<String, String> properties = configurationProperties();
		assertThat(properties).containsKey(normalize("car.ingest.mqtt.url"));
		List<String> unknown = new ArrayList<>();
		this.services.forEach((name, service) -> {
			if (!image(name).startsWith("opencar/")) {
				return;
			}
			for (String variable : map(service.get("environment")).keySet()) {
				if (!isProperty(normalize(variable), properties)) {
					unknown.add(name + ": " + variable);
				}
			}
		});
		assertThat(unknown).isEmpty();
	}

	/**
	 * The property itself, or an entry of a map-typed property (as Spring binds them).
	 */
	private static boolean isProperty(String variable, Map<String, String> properties) {
		if (properties.containsKey(variable)) {
			return true;
		}
		return properties.entrySet()
			.stream()
			.anyMatch((property) -> property.getValue().startsWith("java.util.Map")
					&& variable.startsWith(property.getKey()));
	}

	/**
	 * Every property in the Spring configuration metadata on the classpath, by normalized
	 * name.
	 */
	private static Map<String, String> configurationProperties() {
		Map<String, String> properties = new HashMap<>();
		JsonMapper json = JsonMapper.builder().build();
		try {
			for (String file : List.of("META-INF/spring-configuration-metadata.json",
					"META-INF/additional-spring-configuration-metadata.json")) {
				for (URL url : Collections.list(DockerComposeTests.class.getClassLoader().getResources(file))) {
					try (InputStream in = url.openStream()) {
						JsonNode root = json.readTree(in);
						for (JsonNode property : root.path("properties")) {
							properties.put(normalize(property.path("name").asString()),
									property.path("type").asString(""));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	/** Relaxed binding's view: case, dots, dashes and underscores do not matter. */
	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[._\\-\\[\\]]", "");
	}

	private String image(String service) {
		return String.valueOf(this.services.get(service).get("image"));
	}

	@Test
	void composeAcceptsTheFileAloneAndWithTheStandIns() {
		assumeCompose();
		assertThat(composeConfig(COMPOSE)).isNotBlank();
		Map<String, Map<String, Object>> withStandIns = map(new Yaml()
			.<Map<String, Object>>load(composeConfig(COMPOSE, COMPOSE.resolveSibling("docker-compose.stand-ins.yml")))
			.get("services"));
		// the override changes the infrastructure's images and nothing else
		withStandIns.forEach((name, service) -> {
			Map<String, Object> original = new HashMap<>(this.services.get(name));
			Map<String, Object> replaced = new HashMap<>(service);
			// Compose lists the volumes of merged files in another order
			for (Map<String, Object> side : List.of(original, replaced)) {
				side.computeIfPresent("volumes", (key, volumes) -> new java.util.HashSet<>((List<?>) volumes));
			}
			if (List.of("emqx", "kafka", "postgres", "mongo").contains(name)) {
				assertThat(replaced.remove("image")).as(name).isEqualTo("opencar/stand-in-" + name + ":local");
				original.remove("image");
			}
			assertThat(replaced).as(name).isEqualTo(original);
		});
	}

	/**
	 * The services as Compose reads them where it is installed, else as the file says.
	 */
	private static Map<String, Map<String, Object>> services() {
		try {
			String yaml = (compose() != null) ? composeConfig(COMPOSE) : Files.readString(COMPOSE);
			Map<String, Object> compose = new Yaml().load(yaml);
			return map(compose.get("services"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void assumeCompose() {
		if (compose() == null) {
			if (System.getenv("CI") != null) {
				throw new IllegalStateException("docker-compose is not installed: .ci/run installs it");
			}
			Assumptions.abort("docker-compose is not installed");
		}
	}

	/** Debian's docker-compose or the v2 plugin, or null. */
	private static List<String> compose() {
		for (List<String> command : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
			try {
				List<String> version = new ArrayList<>(command);
				version.add("version");
				Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
				process.getInputStream().readAllBytes();
				if (process.waitFor() == 0) {
					return command;
				}
			}
			catch (IOException ex) {
				// not this one
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
		return null;
	}

	/** {@code docker-compose -f ... config}: the files as Compose reads them. */
	private static String composeConfig(Path... files) {
		List<String> command = new ArrayList<>(compose());
		for (Path file : files) {
			command.addAll(List.of("-f", file.toString()));
		}
		command.add("config");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(),
					java.nio.charset.StandardCharsets.UTF_8);
			assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static <V> Map<String, V> map(Object value) {
		return (value != null) ? (Map<String, V>) value : Map.of();
	}

	private static List<Object> list(Object value) {
		return (value != null) ? (List<Object>) value : List.of();
	}

}
