package com.opencar.car.testsupport.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls a service's API with a given token, or none, for authorization tests.
 */
public final class ApiCalls {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	/**
	 * @param port the service's HTTP port on localhost
	 */
	public ApiCalls(int port) {
		this.base = "http://localhost:" + port;
	}

	/**
	 * @param method the HTTP method
	 * @param path the path, with query
	 * @param token the bearer token, {@code null} for none
	 * @param json the request body, {@code null} for none
	 * @return the response
	 */
	public HttpResponse<String> call(String method, String path, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return the status of {@link #call}
	 */
	public int status(String method, String path, String token, String json) {
		return call(method, path, token, json).statusCode();
	}

}
