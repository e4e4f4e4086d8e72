package com.opencar.car.ingest.http;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.PayloadViolation;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.IngestProperties.Route;
import com.opencar.car.ingest.IngestProperties;
import com.opencar.car.ingest.pipeline.IncomingMessage;
import com.opencar.car.ingest.pipeline.Source;
import com.opencar.car.ingest.pipeline.ValidatedMessage;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline;
import com.opencar.car.process.failure.FailureKind;
import com.opencar.car.support.security.VehicleAccess;

/**
 * {@code POST /api/v1/vehicles/{vin}/telemetry} with one telemetry message or an array.
 * The batch is accepted whole or not at all: 400 lists every invalid item and nothing is
 * forwarded; 202 comes once Kafka has every record; 503 when Kafka does not answer in
 * time. The body is bounded in bytes and items while it is read (413), and the messages
 * of all requests waiting for Kafka together (503 with {@code Retry-After} past it).
 */
@RestController
class TelemetryIngestController {

	private static final Logger logger = LoggerFactory.getLogger(TelemetryIngestController.class);

	private static final String PROBLEM_BASE = "urn:car:problem:";

	private final VehicleMessagePipeline pipeline;

	private final VehicleJson json = new VehicleJson();

	private final IngestProperties.Http properties;

	private final VehicleAccess access;

	/** Messages of all requests that wait for Kafka. */
	private final Semaphore inFlight;

	private final Counter shed;

	private final MeterRegistry meters;

	TelemetryIngestController(VehicleMessagePipeline pipeline, IngestProperties properties, VehicleAccess access,
			MeterRegistry meterRegistry) {
		this.pipeline = pipeline;
		this.properties = properties.http();
		this.access = access;
		this.meters = meterRegistry;
		this.inFlight = new Semaphore(this.properties.maxInFlight());
		this.shed = Counter.builder("car.ingest.http.shed")
			.description("Requests answered 503 because as many messages as allowed already waited for Kafka")
			.register(meterRegistry);
		Gauge
			.builder("car.ingest.http.in-flight", this.inFlight,
					(permits) -> this.properties.maxInFlight() - permits.availablePermits())
			.description("Messages of HTTP requests waiting for Kafka")
			.register(meterRegistry);
	}

	@PostMapping(path = "/api/v1/vehicles/{vin}/telemetry", consumes = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<?>> ingest(@PathVariable String vin, HttpServletRequest request)
			throws IOException {
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
		long maxBody = this.properties.maxBodySize().toBytes();
		if (request.getContentLengthLong() > maxBody) {
			return completed(bodyTooLarge(maxBody));
		}
		List<byte[]> items;
		try {
			items = this.json.readArray(new BoundedBody(request.getInputStream(), maxBody), this.properties.maxItems());
		}
		catch (BoundedBody.TooLarge ex) {
			return completed(bodyTooLarge(maxBody));
		}
		catch (InvalidPayloadException ex) {
			if (ex.violation() == PayloadViolation.TOO_MANY_ITEMS) {
				return completed(refused(problem(HttpStatus.CONTENT_TOO_LARGE, "too-many-items", "Too many items",
						"The request has more than " + this.properties.maxItems() + " items")));
			}
			return completed(refused(invalidBody(ex)));
		}
		Instant receivedAt = Instant.now();
		// the request's span (continuing the caller's traceparent) is each item's parent
		String traceParent = this.pipeline.currentTraceParent();
		List<IncomingMessage> messages = new ArrayList<>(items.size());
		List<ValidatedMessage> validated = new ArrayList<>(items.size());
		List<Map<String, Object>> errors = new ArrayList<>();
		for (int index = 0; index < items.size(); index++) {
			IncomingMessage message = new IncomingMessage(topic, items.get(index), -1, receivedAt, Source.HTTP,
					traceParent);
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
		if (!this.inFlight.tryAcquire(messages.size())) {
			this.shed.increment();
			ResponseEntity<ProblemDetail> overloaded = problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
					"Too much telemetry waits for Kafka",
					"The service holds as much telemetry as it may; send it again after the time in Retry-After");
			return completed(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "1")
				.body(overloaded.getBody()));
		}
		CompletableFuture<?>[] sends = new CompletableFuture<?>[messages.size()];
		for (int index = 0; index < messages.size(); index++) {
			sends[index] = this.pipeline.forward(route, messages.get(index), validated.get(index));
		}
		CompletableFuture<Void> all = CompletableFuture.allOf(sends);
		// the permits are held until Kafka answered every record, not until the request
		// timed out
		all.whenComplete((done, failure) -> this.inFlight.release(messages.size()));
		return all.orTimeout(this.properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.<ResponseEntity<?>>thenApply((done) -> ResponseEntity.accepted().body(Map.of("accepted", messages.size())))
			.exceptionally((failure) -> {
				Throwable cause = unwrap(failure);
				if (!(cause instanceof TimeoutException) && !FailureKind.isTransient(failure)) {
					logger.atWarn()
						.setMessage("Kafka refused HTTP telemetry for good")
						.addKeyValue("vin", vin)
						.addKeyValue("failure", failure.toString())
						.log();
					return problem(HttpStatus.UNPROCESSABLE_CONTENT, "refused-by-kafka", "Kafka refused the telemetry",
							"Kafka refused the telemetry for good (" + cause
									+ "); items before it in the request may have been stored");
				}
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

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private ResponseEntity<ProblemDetail> bodyTooLarge(long maxBody) {
		return refused(problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
				"The request body is larger than " + maxBody + " bytes"));
	}

	/** Counts a request refused whole for its body, by the problem's type. */
	private ResponseEntity<ProblemDetail> refused(ResponseEntity<ProblemDetail> response) {
		String type = String.valueOf(response.getBody().getType());
		Counter.builder("car.ingest.http.refused")
			.description("Requests refused whole for their body: too large, too many items, or not JSON")
			.tag("reason", type.substring(type.lastIndexOf(':') + 1))
			.register(this.meters)
			.increment();
		return response;
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
