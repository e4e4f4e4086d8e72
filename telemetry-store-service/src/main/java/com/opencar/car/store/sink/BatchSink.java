package com.opencar.car.store.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.dao.DataIntegrityViolationException;

import com.opencar.car.common.json.InvalidPayloadException;

/**
 * Consumes one batch for one sink: parses every record, writes the parsed ones together,
 * and dead-letters what can never be stored, so one bad record neither blocks its
 * partition nor costs the rest of the batch.
 * <ul>
 * <li>A record that does not parse is dead-lettered with the codec's reason.</li>
 * <li>When the database rejects the batch's data
 * ({@link DataIntegrityViolationException}: a constraint, a value it cannot hold), the
 * records are written one by one; one still rejected after
 * {@link StoreProperties.Sink#poisonAttempts()} tries is dead-lettered as
 * {@code DB_REJECTED}.</li>
 * <li>Anything else (the database is down, a timeout) propagates: the container's error
 * handler retries the whole batch with back-off, for ever, and commits nothing meanwhile.
 * Writes are idempotent, so a retried batch stores nothing twice.</li>
 * </ul>
 * The listener returns, and the container commits the offsets, only after every record is
 * written or dead-lettered.
 *
 * @param <T> what a record parses to
 */
public final class BatchSink<T> {

	/** Reason for records a database refused. */
	public static final String DB_REJECTED = "DB_REJECTED";

	private final String name;

	private final Function<ConsumerRecord<String, byte[]>, T> parser;

	private final Consumer<List<T>> writer;

	private final DeadLetters deadLetters;

	private final StoreMetrics metrics;

	private final int poisonAttempts;

	public BatchSink(String name, Function<ConsumerRecord<String, byte[]>, T> parser, Consumer<List<T>> writer,
			DeadLetters deadLetters, StoreMetrics metrics, int poisonAttempts) {
		this.name = name;
		this.parser = parser;
		this.writer = writer;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
		this.poisonAttempts = Math.max(1, poisonAttempts);
	}

	public void consume(List<ConsumerRecord<String, byte[]>> records) {
		List<T> parsed = new ArrayList<>(records.size());
		List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
		List<Rejected> rejected = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				parsed.add(this.parser.apply(record));
				sources.add(record);
			}
			catch (InvalidPayloadException ex) {
				rejected.add(new Rejected(record, ex.violation().name(), ex.detail()));
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				rejected.add(new Rejected(record, "INVALID", ex.getMessage()));
			}
		}
		long started = System.nanoTime();
		int refusedBefore = rejected.size();
		try {
			write(parsed);
		}
		catch (DataIntegrityViolationException ex) {
			writeOneByOne(parsed, sources, rejected);
		}
		// what the database refused is dead-lettered, not written
		this.metrics.written(this.name, parsed.size() - (rejected.size() - refusedBefore), System.nanoTime() - started);
		for (Rejected record : rejected) {
			this.deadLetters.send(this.name, record.record(), record.reason(), record.detail());
		}
	}

	private void writeOneByOne(List<T> parsed, List<ConsumerRecord<String, byte[]>> sources, List<Rejected> rejected) {
		for (int index = 0; index < parsed.size(); index++) {
			DataIntegrityViolationException last = null;
			for (int attempt = 0; attempt < this.poisonAttempts; attempt++) {
				try {
					write(List.of(parsed.get(index)));
					last = null;
					break;
				}
				catch (DataIntegrityViolationException ex) {
					last = ex;
				}
			}
			if (last != null) {
				String detail = (last.getMostSpecificCause() != null) ? last.getMostSpecificCause().getMessage()
						: last.getMessage();
				rejected.add(new Rejected(sources.get(index), DB_REJECTED, detail));
			}
		}
	}

	private void write(List<T> items) {
		if (!items.isEmpty()) {
			this.writer.accept(items);
		}
	}

	private record Rejected(ConsumerRecord<String, byte[]> record, String reason, String detail) {

	}

}
