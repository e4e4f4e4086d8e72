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

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of {@code docker-compose.yml} without a Docker engine: every
 * service has a pinned image, a healthcheck and a memory limit, waits for healthy
 * dependencies, host ports do not clash, the platform's images are the ones Jib builds,
 * and every environment variable given to the platform's services is a configuration
 * property they have (checked against the Spring configuration metadata of the services'
 * jars and Spring Boot).
 */
class DockerComposeTests {

	private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

	private static final String VERSION = "0.1.0-SNAPSHOT";

	private final Map<String, Map<String, Object>> services = services();

	@Test
	void hasTheInfrastructureTheServicesTheSimulatorAndAKafkaUi() {
		assertThat(this.services).containsKeys("emqx", "kafka", "postgres", "mongo", "ingest-service",
				"command-service", "telemetry-store-service", "analytics-service", "vehicle-simulator", "kafka-ui");
		assertThat(image("emqx")).startsWith("emqx/emqx:5.8.");
		assertThat(image("kafka")).startsWith("apache/kafka:");
		assertThat(image("postgres")).isEqualTo("postgres:17");
		assertThat(image("mongo")).isEqualTo("mongo:8");
		assertThat(image("kafka-ui")).startsWith("ghcr.io/kafbat/kafka-ui:");
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
				hostPorts.add(String.valueOf(port).split(":")[0]);
			}
		});
		assertThat(hostPorts).isNotEmpty().doesNotHaveDuplicates();
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

	private static Map<String, Map<String, Object>> services() {
		try {
			Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
			return map(compose.get("services"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
