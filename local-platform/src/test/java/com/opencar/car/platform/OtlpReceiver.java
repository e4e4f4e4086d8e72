package com.opencar.car.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

/**
 * Takes OTLP over HTTP ({@code POST /v1/traces}, protobuf) as a collector does, and keeps
 * each request. Which service sent which trace is read from the bytes: a span's trace id
 * is its 16 raw bytes in the request, and the sender's {@code service.name} its UTF-8
 * string.
 */
final class OtlpReceiver implements AutoCloseable {

	private static final List<String> SERVICES = List.of("ingest-service", "command-service", "telemetry-store-service",
			"analytics-service");

	private final HttpServer server;

	private final List<byte[]> requests = new CopyOnWriteArrayList<>();

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	static OtlpReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			OtlpReceiver receiver = new OtlpReceiver(server);
			server.createContext("/v1/traces", (exchange) -> {
				receiver.requests.add(exchange.getRequestBody().readAllBytes());
				exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	/**
	 * @param traceId a trace id, 32 hex digits
	 * @return the services that sent spans of that trace
	 */
	Set<String> servicesWithSpansIn(String traceId) {
		byte[] id = HexFormat.of().parseHex(traceId);
		return this.requests.stream()
			.filter((request) -> contains(request, id))
			.flatMap((request) -> SERVICES.stream()
				.filter((service) -> contains(request, service.getBytes(StandardCharsets.UTF_8))))
			.collect(Collectors.toSet());
	}

	private static boolean contains(byte[] data, byte[] part) {
		for (int start = 0; start <= data.length - part.length; start++) {
			if (Arrays.equals(data, start, start + part.length, part, 0, part.length)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
