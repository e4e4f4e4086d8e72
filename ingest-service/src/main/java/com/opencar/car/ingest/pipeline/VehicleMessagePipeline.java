package com.opencar.car.ingest.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.ingest.IngestProperties.Route;

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

	VehicleMessagePipeline(List<Route> routes, VehicleMessageValidator validator, KafkaTemplate<String, byte[]> kafka,
			IngestMetrics metrics) {
		this.routes = routes;
		this.validator = validator;
		this.kafka = kafka;
		this.metrics = metrics;
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
	 * Validates and forwards a message, or dead-letters it.
	 * @param route the route it matched
	 * @param message the message
	 * @return completes when Kafka has the record (forwarded or dead-lettered)
	 */
	public CompletableFuture<Void> submit(Route route, IncomingMessage message) {
		this.metrics.received(message.source());
		ValidatedMessage validated;
		try {
			validated = this.validator.validate(route, message);
		}
		catch (InvalidPayloadException ex) {
			return deadLetter(route, message, ex);
		}
		return forward(route, message, validated);
	}

	/**
	 * Validates without forwarding, for callers that accept a batch only when all of it
	 * is valid.
	 * @param route the route
	 * @param message the message
	 * @return the validated message
	 * @throws InvalidPayloadException naming the violation
	 */
	public ValidatedMessage validate(Route route, IncomingMessage message) {
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
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(route.kafkaTopic(), validated.vin().value(),
				validated.normalized());
		addOriginHeaders(record.headers(), message);
		record.headers().add(RecordHeaders.CONTENT_TYPE, APPLICATION_JSON);
		return send(record).thenRun(() -> {
			this.metrics.forwarded(route.kafkaTopic());
			this.metrics.kafkaSend()
				.record(System.currentTimeMillis() - message.receivedAt().toEpochMilli(), TimeUnit.MILLISECONDS);
		});
	}

	private CompletableFuture<Void> deadLetter(Route route, IncomingMessage message, InvalidPayloadException ex) {
		logger.debug("Dead-lettering message on {}: {}", message.topic(), ex.getMessage());
		String[] levels = message.topic().split("/", -1);
		String key = (route.vinLevel() < levels.length) ? levels[route.vinLevel()] : null;
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(KafkaTopic.deadLetterOf(route.kafkaTopic()), key,
				message.payload());
		addOriginHeaders(record.headers(), message);
		record.headers().add(RecordHeaders.DLT_REASON, utf8(ex.violation().name()));
		record.headers().add(RecordHeaders.DLT_DETAIL, utf8(ex.detail()));
		return send(record).thenRun(() -> this.metrics.deadLettered(ex.violation(), message.source()));
	}

	private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
		try {
			return this.kafka.send(record).thenApply((result) -> null);
		}
		catch (RuntimeException ex) {
			// send() itself throws when metadata or buffer space cannot be had in
			// max.block.ms
			return CompletableFuture.failedFuture(ex);
		}
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

}
