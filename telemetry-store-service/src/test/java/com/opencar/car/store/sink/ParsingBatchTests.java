package com.opencar.car.store.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.PayloadViolation;

import static org.assertj.core.api.Assertions.assertThat;

class ParsingBatchTests {

	private final AtomicInteger parses = new AtomicInteger();

	@Test
	void parsesEachRecordOnceAsItIsIteratedAndSkipsWhatDoesNotParse() {
		ParsingBatch<Integer> batch = new ParsingBatch<>(records("1", "2", "x", "4"), this::parse);

		List<Integer> firstTwo = new ArrayList<>();
		var iterator = batch.iterator();
		firstTwo.add(iterator.next());
		firstTwo.add(iterator.next());
		assertThat(firstTwo).containsExactly(1, 2);
		assertThat(this.parses).as("only what was iterated is parsed").hasValue(2);

		List<Integer> all = new ArrayList<>();
		batch.forEach(all::add);
		List<Integer> again = new ArrayList<>();
		batch.forEach(again::add);
		assertThat(all).containsExactly(1, 2, 4);
		assertThat(again).containsExactly(1, 2, 4);
		assertThat(this.parses).as("each record parsed once").hasValue(4);
		assertThat(batch.parsed()).containsExactly(1, 2, 4);
		assertThat(batch.sources()).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 3L);
		assertThat(batch.rejected()).singleElement().satisfies((rejected) -> {
			assertThat(rejected.record().offset()).isEqualTo(2);
			assertThat(rejected.reason()).isEqualTo("NOT_JSON");
			assertThat(rejected.detail()).isEqualTo("not a number: x");
		});
	}

	@Test
	void rejectionsAreKnownWithoutIterating() {
		ParsingBatch<Integer> batch = new ParsingBatch<>(records("x", "y"), this::parse);

		assertThat(batch.rejected()).hasSize(2);
		assertThat(batch.iterator().hasNext()).isFalse();
		assertThat(this.parses).hasValue(2);
	}

	private Integer parse(ConsumerRecord<String, byte[]> record) {
		this.parses.incrementAndGet();
		String value = new String(record.value(), StandardCharsets.UTF_8);
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			throw new InvalidPayloadException(PayloadViolation.NOT_JSON, "not a number: " + value);
		}
	}

	private static List<ConsumerRecord<String, byte[]>> records(String... values) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (int offset = 0; offset < values.length; offset++) {
			records
				.add(new ConsumerRecord<>("topic", 0, offset, "key", values[offset].getBytes(StandardCharsets.UTF_8)));
		}
		return records;
	}

}
