package com.opencar.car.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stands in for the command service's {@code POST /api/v1/vehicles/{vin}/commands} (the
 * contract in docs/contracts.md), because analytics must not depend on another service:
 * it records each request and answers 202 with a QUEUED command. The command's later
 * states reach the dashboard through Kafka, which the tests publish to as the command
 * service would.
 */
public final class CommandServiceStub {

	private static final CommandServiceStub INSTANCE = new CommandServiceStub();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

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

	private void handle(HttpExchange exchange) throws IOException {
		String[] path = exchange.getRequestURI().getPath().split("/");
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Request request = new Request(UUID.randomUUID(), path[4], body,
				exchange.getRequestHeaders().getFirst("Authorization"));
		this.requests.add(request);
		byte[] answer = ("{\"id\":\"%s\",\"vin\":\"%s\",\"status\":\"QUEUED\"}").formatted(request.id(), request.vin())
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(202, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
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
