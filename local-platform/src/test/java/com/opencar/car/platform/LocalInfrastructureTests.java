package com.opencar.car.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded Kafka keeps its records between runs of the launcher: a record written in
 * one run is read back in the next from the same data directory. The other servers are
 * given as external addresses so that only Kafka starts.
 */
class LocalInfrastructureTests {

	private static final String TOPIC = "vehicle.telemetry.v1";

	@Test
	void kafkaKeepsItsRecordsBetweenRuns() throws Exception {
		Path data = Files.createTempDirectory("local-infrastructure-");
		Options options = Options.parse("--data-dir=" + data, "--mqtt=tcp://127.0.0.1:1",
				"--postgres=jdbc:postgresql://127.0.0.1:1/", "--mongodb=mongodb://127.0.0.1:1/car");

		try (LocalInfrastructure first = new LocalInfrastructure(options)) {
			first.start();
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.kafkaBootstrapServers()),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>(TOPIC, "SMCAR000000000001", "{\"seq\":1}")).get();
			}
		}

		try (LocalInfrastructure second = new LocalInfrastructure(options)) {
			second.start();
			List<ConsumerRecord<String, String>> records = new ArrayList<>();
			try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.kafkaBootstrapServers(),
							ConsumerConfig.GROUP_ID_CONFIG, "local-infrastructure-tests",
							ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
					new StringDeserializer(), new StringDeserializer())) {
				consumer.subscribe(List.of(TOPIC));
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
					consumer.poll(Duration.ofMillis(200)).forEach(records::add);
					assertThat(records).extracting(ConsumerRecord::value).containsExactly("{\"seq\":1}");
				});
			}
		}
	}

}
