package com.opencar.car.analytics.rules;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import tools.jackson.core.type.TypeReference;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.process.tracing.MessageTracing;

/**
 * The rules' topology: telemetry, events and connectivity merged (they share the VIN key
 * and partition count, so each vehicle's records meet in one task without
 * repartitioning), the rules applied per vehicle, alerts out to
 * {@code vehicle.alerts.v1}. Work spreads over the input partitions and the instances.
 */
@Configuration(proxyBeanMethods = false)
public class RulesTopology {

	/** VIN to {@link VehicleAnalysisState}. */
	public static final String STATE_STORE = "vehicle-analysis";

	/** VIN to its recent {@link Trip}s, newest first. */
	public static final String TRIPS_STORE = "vehicle-trips";

	/**
	 * @param idleCheckInterval how often the wall-clock rules run
	 * @param keepTrips how many trips are kept per vehicle
	 */
	record Settings(Duration idleCheckInterval, int keepTrips) {

	}

	@Bean
	VehicleRules vehicleRules(AnalyticsProperties properties) {
		return new VehicleRules(properties);
	}

	@Bean
	KStream<String, byte[]> alertStream(StreamsBuilder builder, KStream<String, byte[]> telemetryStream,
			VehicleRules rules, AnalyticsProperties properties, MeterRegistry meters, Clock clock,
			MessageTracing tracing) {
		return rulesStream(builder, telemetryStream, rules, properties, meters, clock, KafkaTopic.ALERTS.topicName(),
				tracing);
	}

	/**
	 * The rules' topology, with the alerts going to the given topic.
	 */
	KStream<String, byte[]> rulesStream(StreamsBuilder builder, KStream<String, byte[]> telemetryStream,
			VehicleRules rules, AnalyticsProperties properties, MeterRegistry meters, Clock clock, String alertsTopic,
			MessageTracing tracing) {
		Duration idleCheck = min(properties.rules().silentCheckInterval(), properties.trips().closeCheckInterval());
		Settings settings = new Settings(idleCheck, properties.trips().keep());
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
				new JacksonJsonSerde<>(VehicleAnalysisState.class).noTypeInfo().ignoreTypeHeaders()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRIPS_STORE), Serdes.String(),
				new JacksonJsonSerde<>(new TypeReference<List<Trip>>() {
				}).noTypeInfo().ignoreTypeHeaders()));
		VehicleJson json = new VehicleJson();
		KStream<String, byte[]> alerts = telemetryStream
			.merge(builder.stream(KafkaTopic.EVENTS.topicName(), Consumed.with(Serdes.String(), Serdes.ByteArray())))
			.merge(builder.stream(KafkaTopic.CONNECTIVITY.topicName(),
					Consumed.with(Serdes.String(), Serdes.ByteArray())))
			.process(() -> new VehicleRulesProcessor(rules, json, meters, clock, settings, tracing), STATE_STORE,
					TRIPS_STORE);
		alerts.to(alertsTopic, Produced.with(Serdes.String(), Serdes.ByteArray()));
		return alerts;
	}

	private static Duration min(Duration one, Duration other) {
		return (one.compareTo(other) <= 0) ? one : other;
	}

}
