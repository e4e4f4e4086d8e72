package com.opencar.car.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

import com.opencar.car.testsupport.tracing.TraceParents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher as a newcomer runs it, on the jars this build produced: everything starts,
 * simulated telemetry reaches the analytics API, a command sent through the command API
 * reaches SUCCEEDED on a simulated car, and everything stops. With {@code --otlp} the
 * services send their spans to a receiver started here: one car message's trace joins the
 * ingest's and the store's spans, one command's the command service's.
 */
class LocalPlatformSmokeTests {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newHttpClient();

	private String token;

	@Test
	void startsReportsTelemetryDeliversACommandAndStops() throws Exception {
		Path data = Files.createTempDirectory("local-platform-");
		OtlpReceiver traces = OtlpReceiver.start();
		Options options = Options.parse("--cars=5", "--data-dir=" + data, "--home=..", "--otlp=" + traces.url());
		LocalPlatform platform = new LocalPlatform(options);
		try {
			platform.start(Duration.ofMinutes(4));
			platform.printAddresses();
			String analytics = platform.url("analytics-service", "");
			String commands = platform.url("command-service", "");

			// a token as the launcher tells people to get one: client credentials
			HttpResponse<String> issued = this.http
				.send(HttpRequest.newBuilder(URI.create(platform.url("dev-issuer", "/oauth2/token")))
					.header("Authorization",
							"Basic " + Base64.getEncoder()
								.encodeToString("platform-cli:dev-cli-secret".getBytes(StandardCharsets.UTF_8)))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(issued.statusCode()).isEqualTo(200);
			Matcher accessToken = ACCESS_TOKEN.matcher(issued.body());
			assertThat(accessToken.find()).isTrue();
			this.token = accessToken.group(1);
			// and nothing without one
			assertThat(this.http
				.send(HttpRequest.newBuilder(URI.create(analytics + "/api/v1/fleet/summary")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode()).isEqualTo(401);

			String vin = "SMCAR000000000003";
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofSeconds(1))
				.untilAsserted(
						() -> assertThat(get(analytics + "/api/v1/vehicles/" + vin)).contains("\"lastSampleAt\":\"")
							.contains("Vehicle.Speed"));
			assertThat(get(analytics + "/api/v1/fleet/summary")).contains("\"vehicles\":5");

			// a car that traces: its message's trace goes through ingest and the store
			String carTrace = TraceParents.next();
			MqttClient car = new MqttClient(platform.mqttUrl(), "traced-car", new MemoryPersistence());
			car.connect();
			MqttMessage telemetry = new MqttMessage(("{\"vin\":\"SMTRACE0000000001\",\"seq\":1,\"ts\":\""
					+ Instant.now() + "\",\"signals\":{\"Vehicle.Speed\":12.5}}")
				.getBytes(StandardCharsets.UTF_8));
			telemetry.setQos(1);
			MqttProperties properties = new MqttProperties();
			properties.setUserProperties(List.of(new UserProperty("traceparent", carTrace)));
			telemetry.setProperties(properties);
			car.publish("vehicles/SMTRACE0000000001/telemetry", telemetry);
			car.disconnect();
			car.close();

			String commandTrace = TraceParents.next();
			HttpResponse<String> created = this.http
				.send(HttpRequest.newBuilder(URI.create(commands + "/api/v1/vehicles/" + vin + "/commands"))
					.header("traceparent", commandTrace)
					.header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + this.token)
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"type\":\"START_CLIMATE\",\"params\":{\"targetTemperatureC\":22}}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(created.statusCode()).isEqualTo(202);
			Matcher id = ID.matcher(created.body());
			assertThat(id.find()).isTrue();
			await().atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(get(commands + "/api/v1/commands/" + id.group(1)))
					.contains("\"status\":\"SUCCEEDED\""));

			// spans go out in batches, every 5 s
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				assertThat(traces.servicesWithSpansIn(TraceParents.traceId(carTrace))).contains("ingest-service",
						"telemetry-store-service", "analytics-service");
				assertThat(traces.servicesWithSpansIn(TraceParents.traceId(commandTrace))).contains("command-service");
			});
		}
		finally {
			platform.close();
			traces.close();
		}
		assertThat(platform.services()).noneMatch(ServiceProcess::alive);
		assertThat(data.resolve("logs")).isDirectoryContaining("glob:**/analytics-service.log");
	}

	private String get(String url) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + this.token).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
