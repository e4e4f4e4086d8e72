package com.opencar.car.store.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import static org.awaitility.Awaitility.await;

/**
 * Publishes to the vehicle topics and waits for the store's consumer groups; a bean in
 * every {@link StoreIntegrationTest}.
 */
public final class StoreTopics {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final KafkaTemplate<String, byte[]> kafka;

	private final KafkaAdmin admin;

	public StoreTopics(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin) {
		this.kafka = kafka;
		this.admin = admin;
	}

	public RecordMetadata publish(String topic, String key, String json) {
		return publish(topic, key, json.getBytes(StandardCharsets.UTF_8));
	}

	public RecordMetadata publish(String topic, String key, byte[] value) {
		return publish(new ProducerRecord<>(topic, key, value));
	}

	/**
	 * @param record a record, with headers if it needs them
	 * @return where Kafka put it
	 */
	public RecordMetadata publish(ProducerRecord<String, byte[]> record) {
		try {
			return this.kafka.send(record).get().getRecordMetadata();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until each group has committed past every given record: the store has
	 * consumed them, whatever it did with them.
	 */
	public void awaitConsumed(List<RecordMetadata> records, String... groups) {
		try (Admin client = Admin.create(this.admin.getConfigurationProperties())) {
			for (String group : groups) {
				await().atMost(PATIENCE).until(() -> {
					Map<TopicPartition, OffsetAndMetadata> offsets = client.listConsumerGroupOffsets(group)
						.partitionsToOffsetAndMetadata()
						.get();
					return records.stream().allMatch((record) -> {
						OffsetAndMetadata committed = offsets
							.get(new TopicPartition(record.topic(), record.partition()));
						return committed != null && committed.offset() > record.offset();
					});
				});
			}
		}
	}

	/**
	 * @return the dead letters for these keys on a topic's DLT, read from the start
	 */
	public List<ConsumerRecord<String, byte[]>> deadLetters(String deadLetterTopic, List<String> keys, int expected) {
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
						this.admin.getConfigurationProperties().get("bootstrap.servers"),
						ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(deadLetterTopic));
			await().atMost(PATIENCE).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (keys.contains(record.key())) {
						found.add(record);
					}
				});
				return found.size() >= expected;
			});
		}
		return found;
	}

	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
