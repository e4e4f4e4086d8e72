package com.opencar.car.analytics.streams;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.process.failure.FailureKind;

/**
 * Kafka Streams' three exception handlers in one: a record that cannot be read, processed
 * or written for good is dead-lettered ({@link StreamsDeadLetters}) and the stream goes
 * on, instead of the stream thread dying on it and meeting it again after every restart.
 * <ul>
 * <li>Deserialization: {@code NOT_DESERIALIZABLE}.</li>
 * <li>Processing: the payload's violation ({@code NOT_JSON}, {@code OUT_OF_RANGE}, …) for
 * a record the codec refuses, {@code PROCESSING_FAILED} for any other exception. A
 * failure outside a record (a punctuation) is logged and skipped.</li>
 * <li>Production: a record Kafka refuses for good ({@link FailureKind#PERMANENT}, too
 * large for instance) dead-letters the source record that led to it as
 * {@code NOT_PRODUCIBLE}; a transient failure is retried.</li>
 * </ul>
 * If the dead letter itself cannot be written, the handler fails, so the record is
 * processed again rather than lost.
 */
public class DeadLetteringExceptionHandler
		implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetteringExceptionHandler.class);

	private StreamsDeadLetters deadLetters;

	@Override
	public void configure(Map<String, ?> configs) {
		Object deadLetters = configs.get(StreamsDeadLetters.CONFIG);
		if (!(deadLetters instanceof StreamsDeadLetters configured)) {
			throw new IllegalStateException(StreamsDeadLetters.CONFIG + " must hold the StreamsDeadLetters");
		}
		this.deadLetters = configured;
	}

	@Override
	public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
			Exception exception) {
		return deadLetter(context.topic(), record.key(), record.value(), context, "NOT_DESERIALIZABLE", exception)
				? DeserializationHandlerResponse.CONTINUE : DeserializationHandlerResponse.FAIL;
	}

	@Override
	public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
		if (context.topic() == null || context.sourceRawValue() == null) {
			logger.atError()
				.setMessage("A processing step failed outside a record; skipped")
				.addKeyValue("processor", context.processorNodeId())
				.setCause(exception)
				.log();
			return ProcessingHandlerResponse.CONTINUE;
		}
		String reason = (exception instanceof InvalidPayloadException invalid) ? invalid.violation().name()
				: "PROCESSING_FAILED";
		return deadLetter(context.topic(), context.sourceRawKey(), context.sourceRawValue(), context, reason, exception)
				? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
	}

	@Override
	public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
			Exception exception) {
		if (FailureKind.isTransient(exception)) {
			return ProductionExceptionHandlerResponse.RETRY;
		}
		return producible(context, record, exception);
	}

	@Override
	@SuppressWarnings("rawtypes")
	public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
			ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
		return producible(context, null, exception);
	}

	private ProductionExceptionHandlerResponse producible(ErrorHandlerContext context,
			ProducerRecord<byte[], byte[]> record, Exception exception) {
		if (context.topic() == null || context.sourceRawValue() == null) {
			logger.atError()
				.setMessage("Kafka refused a record for good that no source record led to; skipped")
				.addKeyValue("topic", (record != null) ? record.topic() : null)
				.setCause(exception)
				.log();
			return ProductionExceptionHandlerResponse.CONTINUE;
		}
		return deadLetter(context.topic(), context.sourceRawKey(), context.sourceRawValue(), context, "NOT_PRODUCIBLE",
				exception) ? ProductionExceptionHandlerResponse.CONTINUE : ProductionExceptionHandlerResponse.FAIL;
	}

	private boolean deadLetter(String topic, byte[] key, byte[] value, ErrorHandlerContext context, String reason,
			Exception exception) {
		try {
			this.deadLetters.send(topic, key, value, context.headers(), context.processorNodeId(), reason,
					(exception instanceof InvalidPayloadException invalid) ? invalid.detail() : exception.toString());
			return true;
		}
		catch (RuntimeException ex) {
			logger.atError()
				.setMessage("Could not dead-letter a record; failing so that it is processed again")
				.addKeyValue("topic", topic)
				.setCause(ex)
				.log();
			return false;
		}
	}

}
