package com.opencar.car.containers;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.bson.codecs.record.RecordCodecProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import com.opencar.car.testsupport.Commands;
import com.opencar.car.testsupport.browser.Browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The repository's {@code docker-compose.yml} under a real Compose (the v2 plugin where
 * there is one, Debian's {@code docker-compose} otherwise), with
 * {@code docker-compose.stand-ins.yml} replacing only the infrastructure images where no
 * registry can be reached: every service turns healthy through its own healthcheck, the
 * simulator's telemetry reaches PostgreSQL, MongoDB and the analytics API, a command sent
 * over REST reaches SUCCEEDED, and the dashboard signs in through the issuer in Chromium.
 */
@Tag("containers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerComposeStackTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final String PROJECT = "cccompose";

	private List<String> compose;

	private PlatformApi api;

	@BeforeAll
	void up() {
		Docker.requireEngine();
		this.compose = new ArrayList<>(composeCommand());
		this.compose.addAll(List.of("-p", PROJECT, "-f", ROOT.resolve("docker-compose.yml").toString()));
		if (!"official".equals(System.getProperty("containers.infrastructure"))) {
			this.compose.addAll(List.of("-f", ROOT.resolve("docker-compose.stand-ins.yml").toString()));
		}
		for (Map<String, Object> service : services().values()) {
			Docker.requireImage(String.valueOf(service.get("image")));
		}
		compose("down", "-v", "--remove-orphans");
		compose("up", "-d");
		await("every service healthy").atMost(Duration.ofMinutes(6))
			.pollInterval(Duration.ofSeconds(3))
			.untilAsserted(() -> {
				assertThat(health()).as("health of each container")
					.isNotEmpty()
					.allSatisfy((name, health) -> assertThat(health).as(name).isEqualTo("healthy"));
			});
		this.api = new PlatformApi(URI.create("http://127.0.0.1:9000"));
	}

	@AfterAll
	void down() throws Exception {
		if (this.compose == null) {
			return;
		}
		Path logs = Files.createDirectories(Path.of("target", "container-logs"));
		Files.writeString(logs.resolve("compose.log"), run("logs", "--no-color").all());
		compose("down", "-v", "--remove-orphans");
	}

	@Test
	@Order(1)
	void everyServiceTurnsHealthyThroughItsOwnHealthcheck() {
		Map<String, String> health = health();
		// every service of the file but the admin UI, which only runs with --profile
		// tools
		List<String> expected = services().keySet().stream().filter((name) -> !"kafka-ui".equals(name)).toList();
		assertThat(health.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(health.values()).containsOnly("healthy");
	}

	@Test
	@Order(2)
	void theSimulatorsTelemetryReachesPostgresMongoAndTheAnalyticsApi() {
		await("the simulated cars' telemetry in PostgreSQL").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
			String rows = compose("exec", "-T", "postgres", "psql", "-U", "car", "-d", "car", "-tAc",
					"select count(*) from telemetry where vin like 'SMCAR%'");
			assertThat(Long.parseLong(rows.trim())).isGreaterThan(100);
		});
		await("and in MongoDB").atMost(Duration.ofMinutes(2))
			.untilAsserted(() -> assertThat(mongoDocuments("SMCAR")).isGreaterThan(100));
		await("and in the analytics API").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			JsonNode vehicles = this.api.get(URI.create("http://127.0.0.1:8084"), "/api/v1/vehicles?size=100")
				.orElseThrow();
			assertThat(vehicles.path("totalElements").asInt()).isEqualTo(50);
			JsonNode car = this.api.get(URI.create("http://127.0.0.1:8084"), "/api/v1/vehicles/SMCAR000000000007")
				.orElseThrow();
			assertThat(car.path("vin").asString()).isEqualTo("SMCAR000000000007");
		});
	}

	@Test
	@Order(3)
	void aCommandSentOverRestReachesSucceeded() {
		URI commands = URI.create("http://127.0.0.1:8082");
		String id = this.api.createCommand(commands, "SMCAR000000000003", "compose-lock").orElseThrow();
		await("the command SUCCEEDED").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> this.api.get(commands, "/api/v1/commands/" + id)
				.map((command) -> command.path("status").asString()),
					(status) -> status.equals(Optional.of("SUCCEEDED")));
	}

	@Test
	@Order(4)
	void theDashboardSignsInThroughTheIssuerInChromium() {
		ChromeDriver browser = Browser.start();
		try {
			Browser.signIn(browser, "http://127.0.0.1:8084/", "http://localhost:9000", "operator");
			await("the fleet listed").atMost(Duration.ofSeconds(30))
				.until(() -> browser.findElement(By.tagName("body")).getText().contains("SMCAR000000000001"));
			Browser.screenshot(browser, "compose-dashboard");
		}
		finally {
			browser.quit();
		}
	}

	/** MongoDB is on the compose network only: counted from a container there. */
	private long mongoDocuments(String vinPrefix) throws URISyntaxException {
		String network = PROJECT + "_default";
		List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--network", network));
		for (Class<?> type : List.of(MongoCount.class, MongoClient.class, com.mongodb.MongoClientSettings.class,
				Document.class, RecordCodecProvider.class)) {
			Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			command.addAll(List.of("-v", location + ":/cp/" + location.getFileName() + ":ro"));
		}
		command.addAll(List.of("opencar/jre-base:local", "java", "-cp", "/cp/*:/cp/test-classes",
				MongoCount.class.getName(), "mongodb://mongo:27017/car", vinPrefix));
		Commands.Result count = Docker.run(Duration.ofMinutes(1), command.toArray(String[]::new));
		assertThat(count.exitCode()).as(count.all()).isZero();
		return Long.parseLong(count.output().trim());
	}

	/** The health of each running container of the project, by service. */
	private Map<String, String> health() {
		Map<String, String> health = new TreeMap<>();
		for (String id : compose("ps", "-q").lines().filter((line) -> !line.isBlank()).toList()) {
			String[] fields = Docker.docker("inspect", "-f",
					"{{index .Config.Labels \"com.docker.compose.service\"}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}",
					id)
				.split(" ");
			health.put(fields[0], fields[1]);
		}
		return health;
	}

	/**
	 * The services {@code up} starts: all but those behind a profile (Compose v2's
	 * {@code config} lists those too, v1's leaves them out).
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> services() {
		Map<String, Object> config = new Yaml().load(compose("config"));
		Map<String, Map<String, Object>> services = new TreeMap<>(
				(Map<String, Map<String, Object>>) config.get("services"));
		services.values().removeIf((service) -> service.containsKey("profiles"));
		return services;
	}

	private String compose(String... args) {
		Commands.Result result = run(args);
		if (result.exitCode() != 0) {
			throw new IllegalStateException("compose " + String.join(" ", args) + " failed: " + result.all());
		}
		return result.output();
	}

	private Commands.Result run(String... args) {
		List<String> command = new ArrayList<>(this.compose);
		command.addAll(List.of(args));
		return Docker.run(Duration.ofMinutes(10), command.toArray(String[]::new));
	}

	/** The v2 plugin where there is one, else Debian's docker-compose (v1). */
	private static List<String> composeCommand() {
		if (Docker.run(Duration.ofSeconds(30), "docker", "compose", "version").exitCode() == 0) {
			return List.of("docker", "compose");
		}
		if (Docker.run(Duration.ofSeconds(30), "docker-compose", "version").exitCode() == 0) {
			return List.of("docker-compose");
		}
		throw new AssertionError(
				"Neither docker compose nor docker-compose is installed (.ci/run installs docker-compose)");
	}

}
