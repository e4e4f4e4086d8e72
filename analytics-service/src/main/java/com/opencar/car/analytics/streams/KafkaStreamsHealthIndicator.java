package com.opencar.car.analytics.streams;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * UP while Kafka Streams is running or rebalancing; DOWN before it started, after an
 * error or once it stopped, because then no rule is evaluated and no state store can be
 * queried.
 */
@Component
class KafkaStreamsHealthIndicator extends AbstractHealthIndicator {

	private final StreamsBuilderFactoryBean streams;

	KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
		super("Kafka Streams health check failed");
		this.streams = streams;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		if (kafkaStreams == null) {
			builder.down().withDetail("state", "NOT_STARTED");
			return;
		}
		KafkaStreams.State state = kafkaStreams.state();
		boolean working = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
		builder.status(working ? "UP" : "DOWN").withDetail("state", state.name());
	}

}
