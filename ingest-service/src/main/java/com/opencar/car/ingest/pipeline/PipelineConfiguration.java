package com.opencar.car.ingest.pipeline;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.ingest.IngestProperties.Route;
import com.opencar.car.ingest.IngestProperties;
import com.opencar.car.process.tracing.MessageTracing;

@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

	@Bean
	IngestMetrics ingestMetrics(MeterRegistry registry) {
		return new IngestMetrics(registry);
	}

	@Bean
	VehicleMessagePipeline vehicleMessagePipeline(IngestProperties properties, KafkaTemplate<String, byte[]> kafka,
			IngestMetrics metrics, MessageTracing tracing) {
		VehicleMessageValidator validator = new VehicleMessageValidator(new VehicleJson(), properties.validation(),
				Clock.systemUTC());
		return new VehicleMessagePipeline(properties.routes(), validator, kafka, metrics,
				properties.validation().deadLetterMaxPayload(), tracing);
	}

	/**
	 * The topics the service produces to, and their dead-letter topics, created at
	 * start-up when missing (where operators manage topics, for example with Strimzi,
	 * they exist already).
	 */
	@Bean
	KafkaAdmin.NewTopics ingestTopics(IngestProperties properties) {
		return new KafkaAdmin.NewTopics(properties.routes()
			.stream()
			.map(Route::kafkaTopic)
			.distinct()
			.flatMap((topic) -> java.util.stream.Stream.of(topic, KafkaTopic.deadLetterOf(topic)))
			.map((topic) -> TopicBuilder.name(topic).partitions(properties.kafka().partitions()).build())
			.toArray(NewTopic[]::new));
	}

}
