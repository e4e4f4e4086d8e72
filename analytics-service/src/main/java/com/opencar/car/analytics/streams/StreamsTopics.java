package com.opencar.car.analytics.streams;

import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.common.topic.KafkaTopic;

/**
 * Creates the topics the rules read and write, and their dead-letter topics, when they do
 * not exist yet, before Kafka Streams starts: started ahead of the ingest, Kafka Streams
 * would otherwise find its sources missing and stop for good. Existing topics are left as
 * they are.
 */
@Configuration(proxyBeanMethods = false)
class StreamsTopics {

	@Bean
	KafkaAdmin.NewTopics analyticsTopics(AnalyticsProperties properties) {
		return new KafkaAdmin.NewTopics(Stream
			.of(KafkaTopic.TELEMETRY, KafkaTopic.EVENTS, KafkaTopic.CONNECTIVITY, KafkaTopic.COMMANDS,
					KafkaTopic.ALERTS)
			.flatMap((topic) -> Stream.of(topic.topicName(), topic.deadLetterTopicName()))
			.map((topic) -> TopicBuilder.name(topic).partitions(properties.kafka().partitions()).build())
			.toArray(NewTopic[]::new));
	}

}
