package com.opencar.car.ingest.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.awaitility.core.ConditionTimeoutException;

import com.opencar.car.testsupport.TestKafka;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic from the beginning with its own consumer group and keeps the records a
 * test cares about.
 */
public final class KafkaTopicReader implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final Predicate<ConsumerRecord<String, byte[]>> filter;

	private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();

	public KafkaTopicReader(TestKafka kafka, String topic, Predicate<ConsumerRecord<String, byte[]>> filter) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(List.of(topic));
		this.filter = filter;
	}

	/**
	 * Polls until the records kept so far satisfy the condition.
	 * @param condition when to stop
	 * @param timeout how long to try
	 * @return the records kept, in the order read
	 */
	public List<ConsumerRecord<String, byte[]>> readUntil(Predicate<List<ConsumerRecord<String, byte[]>>> condition,
			Duration timeout) {
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
				this.consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (this.filter.test(record)) {
						this.records.add(record);
					}
				});
				return condition.test(this.records);
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(
					"Condition not met within " + timeout + "; read " + this.records.size() + " matching records", ex);
		}
		return List.copyOf(this.records);
	}

	public List<ConsumerRecord<String, byte[]>> readAtLeast(int count, Duration timeout) {
		return readUntil((records) -> records.size() >= count, timeout);
	}

	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	public static String value(ConsumerRecord<String, byte[]> record) {
		return new String(record.value(), StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
