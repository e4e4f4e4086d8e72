package com.opencar.car.ingest.http;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.IngestProperties.Route;
import com.opencar.car.ingest.IngestProperties;
import com.opencar.car.ingest.pipeline.IncomingMessage;
import com.opencar.car.ingest.pipeline.Source;
import com.opencar.car.ingest.pipeline.ValidatedMessage;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline;
import com.opencar.car.support.security.VehicleAccess;

/**
 * {@code POST /api/v1/vehicles/{vin}/telemetry} with one telemetry message or an array.
 * The batch is accepted whole or not at all: 400 lists every invalid item and nothing is
 * forwarded; 202 comes once Kafka has every record; 503 when Kafka does not answer in
 * time.
 */
@RestController
class TelemetryIngestController {

	private static final Logger logger = LoggerFactory.getLogger(TelemetryIngestController.class);

	private static final String PROBLEM_BASE = "urn:car:problem:";

	private final VehicleMessagePipeline pipeline;

	private final VehicleJson json = new VehicleJson();

	private final IngestProperties.Http properties;

	private final VehicleAccess access;

	TelemetryIngestController(VehicleMessagePipeline pipeline, IngestProperties properties, VehicleAccess access) {
		this.pipeline = pipeline;
		this.properties = properties.http();
		this.access = access;
	}

	@PostMapping(path = "/api/v1/vehicles/{vin}/telemetry", consumes = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<?>> ingest(@PathVariable String vin, @RequestBody byte[] body) {
		if (!VehicleId.isValid(vin)) {
			return completed(problem(HttpStatus.BAD_REQUEST, "invalid-vin", "Not a VIN",
					"'" + vin + "' is not a 17-character ISO 3779 VIN"));
		}
		// another fleet's vehicle is as unknown as one never registered
		if (!this.access.canSee(VehicleId.of(vin))) {
			return completed(problem(HttpStatus.NOT_FOUND, "vehicle-not-found", "No such vehicle",
					"There is no vehicle " + vin));
		}
		String topic = MqttTopic.TELEMETRY.of(VehicleId.of(vin));
		Route route = this.pipeline.route(topic).orElse(null);
		if (route == null) {
			return completed(problem(HttpStatus.NOT_FOUND, "no-route", "Telemetry ingest is not routed",
					"No route is configured for " + topic));
		}
		List<byte[]> items;
		try {
			items = this.json.splitArray(body);
		}
		catch (InvalidPayloadException ex) {
			return completed(invalidBody(ex));
		}
		if (items.size() > this.properties.maxItems()) {
			return completed(problem(HttpStatus.CONTENT_TOO_LARGE, "too-many-items", "Too many items",
					"The request has " + items.size() + " items, at most " + this.properties.maxItems() + " allowed"));
		}
		Instant receivedAt = Instant.now();
		List<IncomingMessage> messages = new ArrayList<>(items.size());
		List<ValidatedMessage> validated = new ArrayList<>(items.size());
		List<Map<String, Object>> errors = new ArrayList<>();
		for (int index = 0; index < items.size(); index++) {
			IncomingMessage message = new IncomingMessage(topic, items.get(index), -1, receivedAt, Source.HTTP);
			try {
				validated.add(this.pipeline.validate(route, message));
				messages.add(message);
			}
			catch (InvalidPayloadException ex) {
				errors.add(Map.of("index", index, "reason", ex.violation().name(), "detail", ex.detail()));
			}
		}
		if (!errors.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					errors.size() + " of " + items.size() + " items are invalid; nothing was accepted");
			problem.setType(URI.create(PROBLEM_BASE + "invalid-telemetry"));
			problem.setTitle("Invalid telemetry");
			problem.setProperty("errors", errors);
			return completed(ResponseEntity.badRequest().body(problem));
		}
		CompletableFuture<?>[] sends = new CompletableFuture<?>[messages.size()];
		for (int index = 0; index < messages.size(); index++) {
			sends[index] = this.pipeline.forward(route, messages.get(index), validated.get(index));
		}
		return CompletableFuture.allOf(sends)
			.orTimeout(this.properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.<ResponseEntity<?>>thenApply((done) -> ResponseEntity.accepted().body(Map.of("accepted", messages.size())))
			.exceptionally((failure) -> {
				logger.atWarn()
					.setMessage("Kafka did not take HTTP telemetry in time")
					.addKeyValue("vin", vin)
					.addKeyValue("messages", messages.size())
					.addKeyValue("failure", failure.toString())
					.log();
				ResponseEntity<ProblemDetail> unavailable = problem(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable",
						"Telemetry could not be stored",
						"Kafka did not acknowledge the telemetry in time; send it again later");
				return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
					.header(HttpHeaders.RETRY_AFTER, "5")
					.body(unavailable.getBody());
			});
	}

	private static ResponseEntity<ProblemDetail> invalidBody(InvalidPayloadException ex) {
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, "invalid-json", "Invalid JSON",
				ex.detail());
		response.getBody().setProperty("reason", ex.violation().name());
		return response;
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(PROBLEM_BASE + type));
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

	private static CompletableFuture<ResponseEntity<?>> completed(ResponseEntity<?> response) {
		return CompletableFuture.completedFuture(response);
	}

}
