package com.opencar.car.store.sink;

import java.util.Arrays;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.store.StoreProperties;

/**
 * The batch listener containers every sink uses, and the dead-letter topics.
 */
@Configuration(proxyBeanMethods = false)
class SinkConfiguration {

	/** The container factory the sinks name. */
	static final String BATCH_FACTORY = "batchListenerContainerFactory";

	@Bean(BATCH_FACTORY)
	ConcurrentKafkaListenerContainerFactory<Object, Object> batchListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
			ConsumerFactory<Object, Object> consumerFactory, StoreProperties properties) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumerFactory);
		factory.setBatchListener(true);
		factory.setConcurrency(properties.sink().concurrency());
		factory.setCommonErrorHandler(unavailableDatabaseHandler(properties.sink()));
		return factory;
	}

	/**
	 * A failed batch (BatchSink has already dealt with bad records, so what remains is an
	 * unavailable database) is retried with back-off and never given up: the consumer is
	 * paused meanwhile, keeps its partitions and commits nothing.
	 */
	private static DefaultErrorHandler unavailableDatabaseHandler(StoreProperties.Sink sink) {
		ExponentialBackOff backOff = new ExponentialBackOff(sink.retryInitialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(sink.retryMaxInterval().toMillis());
		return new DefaultErrorHandler(backOff);
	}

	@Bean
	KafkaAdmin.NewTopics storeDeadLetterTopics() {
		return new KafkaAdmin.NewTopics(
				Arrays.stream(new KafkaTopic[] { KafkaTopic.TELEMETRY, KafkaTopic.EVENTS, KafkaTopic.ALERTS })
					.map((topic) -> TopicBuilder.name(topic.deadLetterTopicName()).partitions(4).build())
					.toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
	}

}
