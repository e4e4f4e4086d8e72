package com.opencar.car.support.registry;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import com.opencar.car.common.topic.KafkaTopic;

/**
 * The registry as every service sees it: the compacted topic, created by whichever
 * service starts first (the same definition everywhere, so a view never subscribes to a
 * topic that does not exist), and its view as the service's {@link VehicleDirectory}.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryViewConfiguration {

	@Bean
	KafkaAdmin.NewTopics registryTopic() {
		return new KafkaAdmin.NewTopics(TopicBuilder.name(KafkaTopic.Names.REGISTRY).partitions(1).compact().build());
	}

	@Bean
	RegistryTopicView registryTopicView(KafkaProperties kafka) {
		return new RegistryTopicView(kafka.buildConsumerProperties());
	}

}
