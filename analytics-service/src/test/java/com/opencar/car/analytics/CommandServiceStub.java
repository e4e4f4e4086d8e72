package com.opencar.car.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stands in for the command service's {@code POST} and {@code GET
 * /api/v1/vehicles/{vin}/commands} (the contract in docs/contracts.md), because analytics
 * must not depend on another service: it records each request and answers 202 with a
 * QUEUED command, and lists a car's commands newest first, as they were created or
 * {@linkplain #known made known}. The commands' later states reach the dashboard through
 * Kafka, which the tests publish to as the command service would.
 */
public final class CommandServiceStub {

	private static final CommandServiceStub INSTANCE = new CommandServiceStub();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<Listed> listed = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private CommandServiceStub() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/api/v1/vehicles/", this::handle);
		this.server.start();
	}

	public static CommandServiceStub get() {
		return INSTANCE;
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Lists a command for its car as if it had been created earlier.
	 * @param vin the car
	 * @param id the command
	 * @param type its type
	 * @param status where it stands
	 * @param createdAt when it was created
	 */
	public void known(String vin, UUID id, String type, String status, Instant createdAt) {
		this.listed.add(new Listed(vin, id, type, status, createdAt));
	}

	private void handle(HttpExchange exchange) throws IOException {
		String[] path = exchange.getRequestURI().getPath().split("/");
		if (exchange.getRequestMethod().equals("GET")) {
			List<Listed> newestFirst = new ArrayList<>(this.listed);
			Collections.reverse(newestFirst);
			String content = newestFirst.stream()
				.filter((command) -> command.vin().equals(path[4]))
				.map(Listed::json)
				.collect(Collectors.joining(","));
			answer(exchange, 200, "{\"content\":[" + content + "]}");
			return;
		}
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Request request = new Request(UUID.randomUUID(), path[4], body,
				exchange.getRequestHeaders().getFirst("Authorization"));
		this.requests.add(request);
		Instant now = Instant.now();
		Matcher type = Pattern.compile("\"type\":\"(\\w+)\"").matcher(body);
		this.listed.add(new Listed(request.vin(), request.id(), type.find() ? type.group(1) : "?", "QUEUED", now));
		answer(exchange, 202, "{\"id\":\"%s\",\"vin\":\"%s\",\"status\":\"QUEUED\",\"createdAt\":\"%s\"}"
			.formatted(request.id(), request.vin(), now));
	}

	private static void answer(HttpExchange exchange, int status, String json) throws IOException {
		byte[] answer = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	private record Listed(String vin, UUID id, String type, String status, Instant createdAt) {

		String json() {
			return "{\"id\":\"%s\",\"vin\":\"%s\",\"type\":\"%s\",\"status\":\"%s\",\"createdAt\":\"%s\"}"
				.formatted(this.id, this.vin, this.type, this.status, this.createdAt);
		}

	}

	/**
	 * @param id the id the stub gave the command
	 * @param vin the car
	 * @param body the JSON the dashboard sent
	 * @param authorization its {@code Authorization} header
	 */
	public record Request(UUID id, String vin, String body, String authorization) {

	}

	/** Points the service's command panel at the stub. */
	public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			TestPropertyValues
				.of("car.analytics.dashboard.command-service-url=http://127.0.0.1:"
						+ INSTANCE.server.getAddress().getPort())
				.applyTo(context);
		}

	}

}
