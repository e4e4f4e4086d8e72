package com.opencar.car.support.registry;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The registry for the services that do not own it: the topic's view as their
 * {@link VehicleDirectory}.
 */
@Configuration(proxyBeanMethods = false)
@Import(RegistryTopicConfiguration.class)
public class RegistryViewConfiguration {

	@Bean
	RegistryTopicView registryTopicView(KafkaProperties kafka) {
		return new RegistryTopicView(kafka.buildConsumerProperties());
	}

}
