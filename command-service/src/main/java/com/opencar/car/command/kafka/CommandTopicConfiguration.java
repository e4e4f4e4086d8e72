package com.opencar.car.command.kafka;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import com.opencar.car.command.CommandProperties;
import com.opencar.car.common.topic.KafkaTopic;

/**
 * Declares {@code vehicle.commands.v1}; Spring's {@code KafkaAdmin} creates it at
 * start-up when it does not exist (operators using topic operators such as Strimzi create
 * it beforehand).
 */
@Configuration(proxyBeanMethods = false)
class CommandTopicConfiguration {

	@Bean
	NewTopic commandsTopic(CommandProperties properties) {
		return TopicBuilder.name(KafkaTopic.COMMANDS.topicName())
			.partitions(properties.kafka().commandsPartitions())
			.build();
	}

}
