package com.opencar.car.analytics.streams;

import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Gives Kafka Streams' exception handlers ({@link DeadLetteringExceptionHandler}, named
 * in {@code application.yml}) the {@link StreamsDeadLetters} they write to, through the
 * Streams configuration.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	@Bean
	StreamsDeadLetters streamsDeadLetters(KafkaProperties kafka, MeterRegistry meters) {
		Map<String, Object> producer = kafka.buildProducerProperties();
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		producer.put(ProducerConfig.CLIENT_ID_CONFIG, "analytics-dead-letters");
		// not a bean: Boot's own producer factory stays as it is
		DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(producer);
		KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(factory);
		return new StreamsDeadLetters(template::send, meters, factory::destroy);
	}

	@Bean
	StreamsBuilderFactoryBeanConfigurer deadLetteringHandlers(StreamsDeadLetters deadLetters) {
		return (factoryBean) -> {
			// the getter hands out a copy: what is put there must be set back
			Properties streams = factoryBean.getStreamsConfiguration();
			streams.put(StreamsDeadLetters.CONFIG, deadLetters);
			factoryBean.setStreamsConfiguration(streams);
		};
	}

}
