package com.opencar.car.ingest.kafka;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import com.opencar.car.ingest.IngestProperties;

@Configuration(proxyBeanMethods = false)
class KafkaHealthConfiguration {

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, IngestProperties properties) {
		return new KafkaHealthIndicator(kafkaAdmin, properties.kafka().healthTimeout());
	}

}
