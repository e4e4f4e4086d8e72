package com.opencar.car.analytics.rules;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.streams.StreamsDeadLetters;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.process.tracing.MessageTracing;

/**
 * The rules' Kafka Streams topology in a JVM of its own, configured as the service's
 * {@code application.yml} configures it (the processing guarantee, the exception
 * handlers), so that a test can kill it as an orchestrator or a crash does. Prints
 * {@code running} once its stream threads run.
 * <p>
 * Arguments: bootstrap servers, application id, state directory, alerts topic.
 */
final class RulesWorker {

	private RulesWorker() {
	}

	public static void main(String[] args) throws Exception {
		String bootstrap = args[0];
		Properties streams = new Properties();
		serviceStreamsProperties().forEach(streams::put);
		streams.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
		streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		streams.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
		streams.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
		streams.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
		// a killed member is noticed in seconds, not in the default 45
		streams.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
		streams.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1000");
		KafkaProducer<byte[], byte[]> deadLetterProducer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
				new ByteArraySerializer());
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		streams.put(StreamsDeadLetters.CONFIG,
				new StreamsDeadLetters((record) -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
					try {
						return deadLetterProducer.send(record).get();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}), meters, deadLetterProducer::close));

		AnalyticsProperties properties = new Binder(new MapConfigurationPropertySource(
				Map.of("car.analytics.trips.gap", "3s", "car.analytics.trips.min-distance-km", "0.1")))
			.bindOrCreate("car.analytics", AnalyticsProperties.class);
		StreamsBuilder builder = new StreamsBuilder();
		KStream<String, byte[]> telemetry = builder.stream(KafkaTopic.TELEMETRY.topicName(),
				Consumed.with(Serdes.String(), Serdes.ByteArray()));
		new RulesTopology().rulesStream(builder, telemetry, new VehicleRules(properties), properties, meters,
				Clock.systemUTC(), args[3], MessageTracing.none());
		KafkaStreams kafkaStreams = new KafkaStreams(builder.build(), streams);
		CountDownLatch running = new CountDownLatch(1);
		kafkaStreams.setStateListener((now, before) -> {
			System.out.println("state " + now);
			if (now == KafkaStreams.State.RUNNING) {
				running.countDown();
			}
			if (now == KafkaStreams.State.ERROR) {
				System.exit(1);
			}
		});
		kafkaStreams.start();
		running.await();
		System.out.println("running");
		// until killed
		new CountDownLatch(1).await();
	}

	/**
	 * {@code spring.kafka.streams.properties} of the service's {@code application.yml}.
	 */
	private static Map<String, Object> serviceStreamsProperties() throws IOException {
		try (InputStream ignored = new ClassPathResource("application.yml").getInputStream()) {
			Map<String, Object> properties = new java.util.LinkedHashMap<>();
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("service",
					new ClassPathResource("application.yml"))) {
				if (source.getSource() instanceof Map<?, ?> map) {
					map.forEach((key, value) -> {
						String name = key.toString();
						if (name.startsWith("spring.kafka.streams.properties.")
								&& !name.endsWith("application.server")) {
							properties.put(name.substring("spring.kafka.streams.properties.".length()),
									value.toString());
						}
					});
				}
			}
			if (!"exactly_once_v2".equals(properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
				throw new IllegalStateException("the service's processing guarantee was not found: " + properties);
			}
			return properties;
		}
	}

}
