package com.opencar.car.analytics.fleet;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.common.topic.KafkaTopic;

/**
 * Counts telemetry records per vehicle (the Kafka key) and window. Counting by the
 * existing key needs no repartitioning, so the work spreads over the topic's partitions
 * and the instances.
 */
@Configuration(proxyBeanMethods = false)
class FleetMetricsTopology {

	static final String MESSAGES_PER_VEHICLE_STORE = "telemetry-per-vehicle-window";

	@Bean
	KStream<String, byte[]> telemetryStream(StreamsBuilder builder, AnalyticsProperties properties) {
		AnalyticsProperties.FleetMetrics metrics = properties.fleetMetrics();
		KStream<String, byte[]> telemetry = builder.stream(KafkaTopic.TELEMETRY.topicName(),
				Consumed.with(Serdes.String(), Serdes.ByteArray()));
		telemetry.groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
			.windowedBy(TimeWindows.ofSizeAndGrace(metrics.window(), metrics.grace()))
			.count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(MESSAGES_PER_VEHICLE_STORE)
				.withKeySerde(Serdes.String())
				.withValueSerde(Serdes.Long())
				.withRetention(metrics.retention()));
		return telemetry;
	}

}
