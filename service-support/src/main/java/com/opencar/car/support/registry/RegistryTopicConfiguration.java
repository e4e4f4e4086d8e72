package com.opencar.car.support.registry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import com.opencar.car.common.topic.KafkaTopic;

/**
 * The registry topic, created compacted by whichever service starts first (the same
 * definition everywhere), so a view never subscribes to a topic that does not exist.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryTopicConfiguration {

	@Bean
	KafkaAdmin.NewTopics registryTopic() {
		return new KafkaAdmin.NewTopics(TopicBuilder.name(KafkaTopic.Names.REGISTRY).partitions(1).compact().build());
	}

}
