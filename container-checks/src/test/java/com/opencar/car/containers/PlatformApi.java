package com.opencar.car.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's REST APIs as a script calls them: a token from the development issuer
 * (client credentials of {@code platform-cli}), then commands and queries with it.
 */
final class PlatformApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	private final String token;

	/**
	 * @param issuer the development issuer's base URL
	 */
	PlatformApi(URI issuer) {
		String credentials = Base64.getEncoder()
			.encodeToString("platform-cli:dev-cli-secret".getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = send(HttpRequest.newBuilder(issuer.resolve("/oauth2/token"))
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build()).orElseThrow(() -> new AssertionError("the development issuer does not answer at " + issuer));
		if (response.statusCode() != 200) {
			throw new AssertionError("no token from " + issuer + ": " + response.statusCode() + " " + response.body());
		}
		this.token = JSON.readTree(response.body()).path("access_token").asString();
	}

	/**
	 * Asks for a command; the same idempotency key returns the same command.
	 * @param commandService a command service instance
	 * @param vin the car
	 * @param idempotencyKey the request's key
	 * @return the command's id, or empty when the instance did not take it
	 */
	Optional<String> createCommand(URI commandService, String vin, String idempotencyKey) {
		return askForCommand(commandService, vin, idempotencyKey).id();
	}

	/**
	 * Asks for a command, and says how the instance answered.
	 * @param commandService a command service instance
	 * @param vin the car
	 * @param idempotencyKey the request's key
	 * @return the answer
	 */
	Answer askForCommand(URI commandService, String vin, String idempotencyKey) {
		Optional<HttpResponse<String>> response = send(
				HttpRequest.newBuilder(commandService.resolve("/api/v1/vehicles/" + vin + "/commands"))
					.header("Authorization", "Bearer " + this.token)
					.header("Content-Type", "application/json")
					.header("Idempotency-Key", idempotencyKey)
					.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"LOCK_DOORS\",\"ttlSeconds\":600}"))
					.build());
		return response.map((answer) -> new Answer(answer.statusCode(), answer.body()))
			.orElseGet(() -> new Answer(0, "no answer within 10 s"));
	}

	/**
	 * @param service an instance of a service
	 * @param path a path under it
	 * @return the JSON it answered with 200, or empty
	 */
	Optional<JsonNode> get(URI service, String path) {
		return send(
				HttpRequest.newBuilder(service.resolve(path)).header("Authorization", "Bearer " + this.token).build())
			.filter((response) -> response.statusCode() == 200)
			.map((response) -> JSON.readTree(response.body()));
	}

	/**
	 * @param service an instance of a service
	 * @param path a path under it
	 * @return the text it answered with 200, or empty
	 */
	Optional<String> text(URI service, String path) {
		return send(
				HttpRequest.newBuilder(service.resolve(path)).header("Authorization", "Bearer " + this.token).build())
			.filter((response) -> response.statusCode() == 200)
			.map(HttpResponse::body);
	}

	private Optional<HttpResponse<String>> send(HttpRequest request) {
		try {
			return Optional.of(this.http.send(
					HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	/**
	 * How an instance answered a request.
	 *
	 * @param status its HTTP status, 0 when it did not answer in time
	 * @param body what it said
	 */
	record Answer(int status, String body) {

		/**
		 * @return the command's id, when the instance took it
		 */
		Optional<String> id() {
			return (this.status == 202 || this.status == 200)
					? Optional.of(JSON.readTree(this.body).path("id").asString()) : Optional.empty();
		}

		/**
		 * @return whether asking again with the same idempotency key may succeed: no
		 * answer, too many requests, or unavailable for now
		 */
		boolean worthRetrying() {
			return this.status == 0 || this.status == 429 || this.status == 503;
		}

	}

}
