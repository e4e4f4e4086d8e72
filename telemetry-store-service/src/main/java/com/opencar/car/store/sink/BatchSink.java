package com.opencar.car.store.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.NestedExceptionUtils;

import com.opencar.car.process.failure.FailureKind;
import com.opencar.car.process.progress.PathProgress;
import com.opencar.car.process.tracing.MessageTracing;

/**
 * Consumes one batch for one sink: parses every record, writes the parsed ones together,
 * and dead-letters what can never be stored, so one bad record neither blocks its
 * partition nor costs the rest of the batch.
 * <ul>
 * <li>A record that does not parse is dead-lettered with the codec's reason.</li>
 * <li>When the database rejects the batch for good ({@link FailureKind#PERMANENT}, as
 * {@link StoreFailures} tells: a constraint, a value it cannot hold, a document too
 * large), the records are written one by one; one still rejected after
 * {@link StoreProperties.Sink#poisonAttempts()} tries is dead-lettered as
 * {@code DB_REJECTED}.</li>
 * <li>A transient failure (the database is down, a timeout, also one every record would
 * fail alike) propagates: the container's error handler retries the whole batch with
 * back-off, for ever, and commits nothing meanwhile. Writes are idempotent, so a retried
 * batch stores nothing twice.</li>
 * </ul>
 * The listener returns, and the container commits the offsets, only after every record is
 * written or dead-lettered.
 * <p>
 * A sink made with {@link #streaming} gets the batch as an {@link Iterable} that parses
 * while the writer iterates, so a writer that streams to its database overlaps its
 * database's work with the parsing; the others get the parsed list.
 *
 * @param <T> what a record parses to
 */
public final class BatchSink<T> {

	/** Reason for records a database refused. */
	public static final String DB_REJECTED = "DB_REJECTED";

	private final String name;

	private final Function<ConsumerRecord<String, byte[]>, T> parser;

	private final Consumer<Iterable<T>> writer;

	private final DeadLetters deadLetters;

	private final StoreMetrics metrics;

	private final int poisonAttempts;

	private final MessageTracing tracing;

	/** The name of each traced record's span here, made once. */
	private final String spanName;

	/**
	 * A sink whose writer gets each batch's parsed records as a list.
	 */
	public BatchSink(String name, Function<ConsumerRecord<String, byte[]>, T> parser, Consumer<List<T>> writer,
			DeadLetters deadLetters, StoreMetrics metrics, int poisonAttempts, MessageTracing tracing) {
		this(name, parser, deadLetters, metrics, poisonAttempts, tracing, (items) -> {
			List<T> list = (items instanceof ParsingBatch<T> batch) ? batch.parsed() : (List<T>) items;
			if (!list.isEmpty()) {
				writer.accept(list);
			}
		});
	}

	private BatchSink(String name, Function<ConsumerRecord<String, byte[]>, T> parser, DeadLetters deadLetters,
			StoreMetrics metrics, int poisonAttempts, MessageTracing tracing, Consumer<Iterable<T>> writer) {
		this.tracing = tracing;
		this.spanName = "store " + name;
		this.name = name;
		this.parser = parser;
		this.writer = writer;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
		this.poisonAttempts = Math.max(1, poisonAttempts);
	}

	/**
	 * A sink whose writer gets each batch as an {@link Iterable} that parses the records
	 * as it is iterated (once, however often it is iterated), skipping those that do not
	 * parse. The writer may be handed a batch without any record that parses.
	 */
	public static <T> BatchSink<T> streaming(String name, Function<ConsumerRecord<String, byte[]>, T> parser,
			Consumer<Iterable<T>> writer, DeadLetters deadLetters, StoreMetrics metrics, int poisonAttempts,
			MessageTracing tracing) {
		return new BatchSink<>(name, parser, deadLetters, metrics, poisonAttempts, tracing, writer);
	}

	/**
	 * Writes a batch; each record that carries a trace context gets a span, a child of
	 * the one that put it on Kafka, from here until its batch is written.
	 * @param records the batch
	 */
	public void consume(List<ConsumerRecord<String, byte[]>> records) {
		List<Span> spans = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			Span span = this.tracing.start(this.spanName, record.headers());
			if (span != null) {
				spans.add(span.tag("vin", String.valueOf(record.key())).tag("messaging.kafka.offset", record.offset()));
			}
		}
		RuntimeException failure = null;
		try {
			write(records);
		}
		catch (RuntimeException ex) {
			failure = ex;
			throw ex;
		}
		finally {
			for (Span span : spans) {
				MessageTracing.end(span, failure);
			}
		}
	}

	private void write(List<ConsumerRecord<String, byte[]>> records) {
		// a batch the container hands again after a transient failure keeps the clock
		// running: retried for longer than car.paths.stuck-after, the service is DOWN
		PathProgress progress = this.metrics.progress(this.name);
		progress.waiting();
		ParsingBatch<T> batch = new ParsingBatch<>(records, this.parser);
		long started = System.nanoTime();
		List<ParsingBatch.Rejected> refused = new ArrayList<>();
		try {
			this.writer.accept(batch);
		}
		catch (RuntimeException ex) {
			if (StoreFailures.kind(ex) == FailureKind.TRANSIENT) {
				throw ex;
			}
			writeOneByOne(batch.parsed(), batch.sources(), refused);
		}
		// what the database refused is dead-lettered, not written
		this.metrics.written(this.name, batch.parsed().size() - refused.size(), System.nanoTime() - started);
		for (ParsingBatch.Rejected record : batch.rejected()) {
			this.deadLetters.send(this.name, record.record(), record.reason(), record.detail());
		}
		for (ParsingBatch.Rejected record : refused) {
			this.deadLetters.send(this.name, record.record(), record.reason(), record.detail());
		}
		progress.progressed();
		progress.idle();
	}

	private void writeOneByOne(List<T> parsed, List<ConsumerRecord<String, byte[]>> sources,
			List<ParsingBatch.Rejected> refused) {
		for (int index = 0; index < parsed.size(); index++) {
			RuntimeException last = null;
			for (int attempt = 0; attempt < this.poisonAttempts; attempt++) {
				try {
					this.writer.accept(List.of(parsed.get(index)));
					last = null;
					break;
				}
				catch (RuntimeException ex) {
					if (StoreFailures.kind(ex) == FailureKind.TRANSIENT) {
						throw ex;
					}
					last = ex;
				}
			}
			if (last != null) {
				String detail = NestedExceptionUtils.getMostSpecificCause(last).toString();
				refused.add(new ParsingBatch.Rejected(sources.get(index), DB_REJECTED, detail));
			}
		}
	}

}
