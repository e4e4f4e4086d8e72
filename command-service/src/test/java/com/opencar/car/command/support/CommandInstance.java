package com.opencar.car.command.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

import com.opencar.car.command.CommandApplication;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.security.DevIssuer;

/**
 * A whole command service started by a test, for tests that stop and restart it; its REST
 * API over plain HTTP.
 */
public final class CommandInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	private CommandInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts an instance.
	 * @param clientId its MQTT client id; the same id resumes the same persistent
	 * sessions
	 * @param overrides further properties
	 */
	public static CommandInstance start(TestMqttBroker broker, TestKafka kafka, TestPostgres postgres, String clientId,
			Map<String, Object> overrides) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.profiles.active", DevIssuer.PROFILE);
		properties.put("spring.datasource.url", postgres.jdbcUrl());
		properties.put("spring.datasource.username", postgres.username());
		properties.put("spring.datasource.password", postgres.password());
		properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
		properties.put("car.command.mqtt.url", broker.serverUri());
		properties.put("car.command.mqtt.client-id", clientId);
		// benchmarks and restarts send from one caller faster than the default limit
		properties.put("car.command.rate-limit.enabled", "false");
		properties.putAll(overrides);
		// command-line arguments outrank application.yml
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new CommandInstance(new SpringApplicationBuilder(CommandApplication.class).run(args));
	}

	/**
	 * Tells the service a car's connectivity, as the ingest would.
	 */
	public void connectivity(VehicleId vin, boolean online) throws Exception {
		VehicleJson json = this.context.getBean(VehicleJson.class);
		@SuppressWarnings("unchecked")
		KafkaTemplate<String, byte[]> kafka = this.context.getBean(KafkaTemplate.class);
		kafka
			.send(KafkaTopic.CONNECTIVITY.topicName(), vin.value(),
					json.write(new ConnectivityChanged(vin, online, Instant.now())))
			.get();
	}

	/**
	 * {@code POST /api/v1/vehicles/{vin}/commands}.
	 * @return the response: status and JSON body
	 */
	public HttpResponse<String> post(VehicleId vin, String json) {
		return send(HttpRequest.newBuilder(uri("/api/v1/vehicles/" + vin + "/commands"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + DevIssuer.platformToken())
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * {@code GET} of an API path.
	 */
	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + DevIssuer.platformToken())
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.context.getEnvironment().getProperty("local.server.port") + path);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
