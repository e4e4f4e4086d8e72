package com.opencar.car.store.sink;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.RecordHeaders;

/**
 * Sends a record that cannot be stored to {@code <topic>.dlt}: the original key, bytes
 * and headers, plus why and which sink refused it.
 */
@Component
public class DeadLetters {

	/** Header naming the sink that refused the record. */
	public static final String DLT_SINK = RecordHeaders.DLT_SINK;

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private final KafkaTemplate<String, byte[]> kafka;

	private final StoreMetrics metrics;

	DeadLetters(KafkaTemplate<String, byte[]> kafka, StoreMetrics metrics) {
		this.kafka = kafka;
		this.metrics = metrics;
	}

	/**
	 * Sends and waits for Kafka's acknowledgement, so the caller commits the offset only
	 * once the dead letter is safe.
	 */
	public void send(String sink, ConsumerRecord<String, byte[]> record, String reason, String detail) {
		ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>(KafkaTopic.deadLetterOf(record.topic()), null,
				record.key(), record.value(), record.headers());
		addReason(deadLetter.headers(), sink, reason, detail);
		try {
			this.kafka.send(deadLetter).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while dead-lettering", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaException("Could not dead-letter a record of " + record.topic(), ex);
		}
		this.metrics.deadLettered(sink, reason);
		logger.atWarn()
			.setMessage("Dead-lettered a record")
			.addKeyValue("sink", sink)
			.addKeyValue("topic", record.topic())
			.addKeyValue("partition", record.partition())
			.addKeyValue("offset", record.offset())
			.addKeyValue("reason", reason)
			.addKeyValue("detail", detail)
			.log();
	}

	static void addReason(Headers headers, String sink, String reason, String detail) {
		headers.remove(RecordHeaders.DLT_REASON);
		headers.remove(RecordHeaders.DLT_DETAIL);
		headers.remove(DLT_SINK);
		headers.add(RecordHeaders.DLT_REASON, reason.getBytes(StandardCharsets.UTF_8));
		headers.add(RecordHeaders.DLT_DETAIL, String.valueOf(detail).getBytes(StandardCharsets.UTF_8));
		headers.add(DLT_SINK, sink.getBytes(StandardCharsets.UTF_8));
	}

}
