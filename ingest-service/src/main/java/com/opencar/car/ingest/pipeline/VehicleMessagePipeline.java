package com.opencar.car.ingest.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.PayloadViolation;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.ingest.IngestProperties.Route;
import com.opencar.car.process.tracing.MessageTracing;

/**
 * Takes a car message to Kafka: the normalized record to the route's topic keyed by VIN,
 * or the original bytes to the route's dead-letter topic with the reason in headers. The
 * returned futures complete only once Kafka acknowledged the record, so callers
 * acknowledge the car only then.
 */
public class VehicleMessagePipeline {

	private static final Logger logger = LoggerFactory.getLogger(VehicleMessagePipeline.class);

	private static final byte[] APPLICATION_JSON = "application/json".getBytes(StandardCharsets.UTF_8);

	private final List<Route> routes;

	private final VehicleMessageValidator validator;

	private final KafkaTemplate<String, byte[]> kafka;

	private final IngestMetrics metrics;

	private final int deadLetterMaxPayload;

	private final MessageTracing tracing;

	VehicleMessagePipeline(List<Route> routes, VehicleMessageValidator validator, KafkaTemplate<String, byte[]> kafka,
			IngestMetrics metrics, DataSize deadLetterMaxPayload, MessageTracing tracing) {
		this.tracing = tracing;
		this.routes = routes;
		this.validator = validator;
		this.kafka = kafka;
		this.metrics = metrics;
		this.deadLetterMaxPayload = Math.toIntExact(deadLetterMaxPayload.toBytes());
	}

	/**
	 * The route whose filter matches the topic.
	 * @param topic a concrete topic
	 * @return the first matching route
	 */
	public Optional<Route> route(String topic) {
		return this.routes.stream()
			.filter((route) -> MqttTopicValidator.isMatched(route.mqttFilter(), topic))
			.findFirst();
	}

	/**
	 * @return the current span's trace context (an HTTP request's), to give the messages
	 * it carries, or {@code null}
	 */
	public String currentTraceParent() {
		return this.tracing.currentTraceParent();
	}

	/**
	 * Validates a message once and makes its Kafka record: the normalized message for the
	 * route's topic, or the original bytes for its dead-letter topic. Counts it as
	 * received.
	 * @param route the route it matched
	 * @param message the message
	 * @return the record, ready to be sent (and sent again, should Kafka refuse it)
	 */
	public Prepared prepare(Route route, IncomingMessage message) {
		this.metrics.received(message.source());
		ValidatedMessage validated;
		try {
			validated = this.validator.validate(route, message);
		}
		catch (InvalidPayloadException ex) {
			return deadLetter(route, message, ex.violation(), ex.detail());
		}
		return forwarding(route, message, validated);
	}

	/**
	 * What to send instead of a record Kafka refused for good: the dead letter of a
	 * forwarded message, as {@code REFUSED_BY_KAFKA}. A dead letter has nowhere left to
	 * go.
	 * @param prepared the refused record
	 * @param failure why Kafka refused it
	 * @return its dead letter, or empty if it was one
	 */
	public Optional<Prepared> refusedByKafka(Prepared prepared, Throwable failure) {
		MessageTracing.end(prepared.span(), failure);
		if (prepared.deadLetter()) {
			return Optional.empty();
		}
		return Optional.of(deadLetter(prepared.route(), prepared.message(), PayloadViolation.REFUSED_BY_KAFKA,
				"Kafka refused the record of " + prepared.record().topic() + ": "
						+ NestedExceptionUtils.getMostSpecificCause(failure)));
	}

	/**
	 * Validates without preparing a record, for callers that accept a batch only when all
	 * of it is valid. Counts it as received, and as rejected when invalid.
	 * @param route the route
	 * @param message the message
	 * @return the validated message
	 * @throws InvalidPayloadException naming the violation
	 */
	public ValidatedMessage validate(Route route, IncomingMessage message) {
		this.metrics.received(message.source());
		try {
			return this.validator.validate(route, message);
		}
		catch (InvalidPayloadException ex) {
			this.metrics.rejected(ex.violation());
			throw ex;
		}
	}

	/**
	 * Forwards a message that passed {@link #validate}.
	 * @param route the route
	 * @param message the original message
	 * @param validated its validated form
	 * @return completes when Kafka acknowledged the record
	 */
	public CompletableFuture<Void> forward(Route route, IncomingMessage message, ValidatedMessage validated) {
		return send(forwarding(route, message, validated));
	}

	/**
	 * Sends a prepared record; once Kafka acknowledged it, counts it as forwarded or
	 * dead-lettered.
	 * @param prepared from {@link #prepare}
	 * @return completes when Kafka acknowledged the record, exceptionally when it did not
	 */
	public CompletableFuture<Void> send(Prepared prepared) {
		CompletableFuture<Void> sent;
		try {
			sent = this.kafka.send(prepared.record()).thenApply((result) -> null);
		}
		catch (RuntimeException ex) {
			// send() itself throws when metadata or buffer space cannot be had in
			// max.block.ms
			return CompletableFuture.failedFuture(ex);
		}
		return sent.thenRun(prepared.whenStored());
	}

	private Prepared forwarding(Route route, IncomingMessage message, ValidatedMessage validated) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(route.kafkaTopic(), validated.vin().value(),
				validated.normalized());
		addOriginHeaders(record.headers(), message);
		record.headers().add(RecordHeaders.CONTENT_TYPE, APPLICATION_JSON);
		Span span = traced(message, record, validated.vin().value());
		return new Prepared(record, () -> {
			this.metrics.forwarded(route.kafkaTopic());
			this.metrics.kafkaSend()
				.record(System.currentTimeMillis() - message.receivedAt().toEpochMilli(), TimeUnit.MILLISECONDS);
			MessageTracing.end(span, null);
		}, route, message, false, span);
	}

	private Prepared deadLetter(Route route, IncomingMessage message, PayloadViolation reason, String detail) {
		logger.atDebug()
			.setMessage("Dead-lettering a message")
			.addKeyValue("source_topic", message.topic())
			.addKeyValue("reason", reason)
			.addKeyValue("detail", detail)
			.log();
		byte[] payload = message.payload();
		boolean truncated = payload.length > this.deadLetterMaxPayload;
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(KafkaTopic.deadLetterOf(route.kafkaTopic()),
				route.vinSegment(message.topic()),
				truncated ? Arrays.copyOf(payload, this.deadLetterMaxPayload) : payload);
		addOriginHeaders(record.headers(), message);
		record.headers().add(RecordHeaders.DLT_REASON, utf8(reason.name()));
		record.headers().add(RecordHeaders.DLT_DETAIL, utf8(detail));
		if (truncated) {
			record.headers().add(RecordHeaders.DLT_ORIGINAL_SIZE, utf8(Integer.toString(payload.length)));
		}
		Span span = traced(message, record, route.vinSegment(message.topic()));
		if (span != null) {
			span.tag("dead_letter.reason", reason.name());
		}
		return new Prepared(record, () -> {
			this.metrics.deadLettered(reason, message.source());
			MessageTracing.end(span, null);
		}, route, message, true, span);
	}

	/**
	 * The message's span at ingest, a child of the car's, from receipt until Kafka has
	 * the record, which carries the span's context on: none if the car sent no trace
	 * context.
	 */
	private Span traced(IncomingMessage message, ProducerRecord<String, byte[]> record, String vin) {
		if (message.traceParent() == null) {
			// the usual case, on the hot path: not even the span's name is made
			return null;
		}
		Span span = this.tracing.start("ingest " + record.topic(), message.traceParent());
		if (span != null) {
			span.tag("vin", String.valueOf(vin)).tag("messaging.destination.name", record.topic());
			if (message.source() == Source.MQTT) {
				span.tag("mqtt.topic", message.topic());
			}
			this.tracing.inject(span, record.headers());
		}
		return span;
	}

	private static void addOriginHeaders(Headers headers, IncomingMessage message) {
		if (message.source() == Source.MQTT) {
			headers.add(RecordHeaders.MQTT_TOPIC, utf8(message.topic()));
			headers.add(RecordHeaders.QOS, utf8(Integer.toString(message.qos())));
		}
		headers.add(RecordHeaders.RECEIVED_AT, utf8(message.receivedAt().toString()));
		headers.add(RecordHeaders.SOURCE, utf8(message.source().name().toLowerCase()));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A record ready for Kafka, and what to count once Kafka has stored it.
	 *
	 * @param record the record; the same instance is sent again on a retry
	 * @param whenStored runs after Kafka acknowledged it
	 * @param route the route the message matched
	 * @param message the message it was made from
	 * @param deadLetter whether it is the message's dead letter
	 * @param span the message's span at ingest, ended once Kafka stored the record, or
	 * {@code null}
	 */
	public record Prepared(ProducerRecord<String, byte[]> record, Runnable whenStored, Route route,
			IncomingMessage message, boolean deadLetter, Span span) {

	}

}
