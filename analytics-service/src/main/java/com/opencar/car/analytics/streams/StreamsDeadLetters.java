package com.opencar.car.analytics.streams;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

import com.opencar.car.common.topic.KafkaTopic;

/**
 * Where the rules set aside a record they cannot process: {@code <topic>.dlt}, with the
 * original key, bytes and headers, why, and which processor refused it; counted as
 * {@code car.analytics.records.dead-lettered{topic,reason}}. Sent outside Kafka Streams'
 * transaction and waited for, so a dead letter is never lost (it may be written twice if
 * the instance dies right after).
 */
public final class StreamsDeadLetters implements DisposableBean {

	/** Under this key in the Streams configuration, for the exception handlers. */
	public static final String CONFIG = "car.analytics.dead-letters";

	private static final Logger logger = LoggerFactory.getLogger(StreamsDeadLetters.class);

	private final Function<ProducerRecord<byte[], byte[]>, CompletableFuture<?>> send;

	private final MeterRegistry meters;

	private final Runnable close;

	/**
	 * @param send sends a record and completes once Kafka has it
	 * @param meters where dead letters are counted
	 * @param close releases what sends, when the service stops
	 */
	public StreamsDeadLetters(Function<ProducerRecord<byte[], byte[]>, CompletableFuture<?>> send, MeterRegistry meters,
			Runnable close) {
		this.send = send;
		this.meters = meters;
		this.close = close;
	}

	@Override
	public void destroy() {
		this.close.run();
	}

	/**
	 * @param topic the record's source topic
	 * @param key its key as read
	 * @param value its bytes as read
	 * @param headers its headers
	 * @param processor the processor (or stage) that refused it
	 * @param reason a stable, low-cardinality reason
	 * @param detail what went wrong
	 * @throws IllegalStateException if Kafka did not take the dead letter
	 */
	void send(String topic, byte[] key, byte[] value, Headers headers, String processor, String reason, String detail) {
		Headers copied = new RecordHeaders((headers != null) ? headers.toArray() : null);
		copied.remove(com.opencar.car.common.topic.RecordHeaders.DLT_REASON);
		copied.remove(com.opencar.car.common.topic.RecordHeaders.DLT_DETAIL);
		copied.remove(com.opencar.car.common.topic.RecordHeaders.DLT_SINK);
		copied.add(com.opencar.car.common.topic.RecordHeaders.DLT_REASON, utf8(reason));
		copied.add(com.opencar.car.common.topic.RecordHeaders.DLT_DETAIL, utf8(detail));
		copied.add(com.opencar.car.common.topic.RecordHeaders.DLT_SINK, utf8("analytics:" + processor));
		ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(KafkaTopic.deadLetterOf(topic), null, key,
				value, copied);
		try {
			this.send.apply(deadLetter).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while dead-lettering a record of " + topic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not dead-letter a record of " + topic, ex);
		}
		this.meters.counter("car.analytics.records.dead-lettered", "topic", topic, "reason", reason).increment();
		logger.atWarn()
			.setMessage("Dead-lettered a record the rules cannot process")
			.addKeyValue("topic", topic)
			.addKeyValue("processor", processor)
			.addKeyValue("reason", reason)
			.addKeyValue("detail", detail)
			.log();
	}

	private static byte[] utf8(String text) {
		return String.valueOf(text).getBytes(StandardCharsets.UTF_8);
	}

}
