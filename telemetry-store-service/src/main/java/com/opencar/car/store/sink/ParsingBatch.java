package com.opencar.car.store.sink;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.opencar.car.common.json.InvalidPayloadException;

/**
 * A batch's records, parsed as they are iterated: a writer that streams the batch to its
 * database (a {@code COPY}) gets the first items while the later ones are still bytes, so
 * the database stores the first rows while this side parses the rest. Each record is
 * parsed once, whatever the number of iterations; records that do not parse are skipped
 * and kept with the reason.
 *
 * @param <T> what a record parses to
 */
final class ParsingBatch<T> implements Iterable<T> {

	private final List<ConsumerRecord<String, byte[]>> records;

	private final Function<ConsumerRecord<String, byte[]>, T> parser;

	private final List<T> parsed;

	private final List<ConsumerRecord<String, byte[]>> sources;

	private final List<Rejected> rejected = new ArrayList<>();

	/** The first record not parsed yet. */
	private int next;

	ParsingBatch(List<ConsumerRecord<String, byte[]>> records, Function<ConsumerRecord<String, byte[]>, T> parser) {
		this.records = records;
		this.parser = parser;
		this.parsed = new ArrayList<>(records.size());
		this.sources = new ArrayList<>(records.size());
	}

	@Override
	public Iterator<T> iterator() {
		return new Iterator<>() {

			private int position;

			@Override
			public boolean hasNext() {
				while (this.position >= ParsingBatch.this.parsed.size() && parseNext()) {
					// a record that did not parse: on to the next
				}
				return this.position < ParsingBatch.this.parsed.size();
			}

			@Override
			public T next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return ParsingBatch.this.parsed.get(this.position++);
			}

		};
	}

	/**
	 * Every record that parses, in order.
	 */
	List<T> parsed() {
		while (parseNext()) {
			// parse the rest
		}
		return this.parsed;
	}

	/**
	 * The record each of {@link #parsed()} came from, at the same index.
	 */
	List<ConsumerRecord<String, byte[]>> sources() {
		parsed();
		return this.sources;
	}

	/**
	 * The records that did not parse, with the reason.
	 */
	List<Rejected> rejected() {
		parsed();
		return this.rejected;
	}

	/**
	 * Parses the next record.
	 * @return whether there was one
	 */
	private boolean parseNext() {
		if (this.next >= this.records.size()) {
			return false;
		}
		ConsumerRecord<String, byte[]> record = this.records.get(this.next++);
		try {
			this.parsed.add(this.parser.apply(record));
			this.sources.add(record);
		}
		catch (InvalidPayloadException ex) {
			this.rejected.add(new Rejected(record, ex.violation().name(), ex.detail()));
		}
		catch (RuntimeException ex) {
			// parsing is the record's alone: whatever it throws (a BSON parser's
			// exception too) fails the same way every time
			this.rejected.add(new Rejected(record, "INVALID", ex.toString()));
		}
		return true;
	}

	/**
	 * A record that will not be stored, and why.
	 */
	record Rejected(ConsumerRecord<String, byte[]> record, String reason, String detail) {

	}

}
