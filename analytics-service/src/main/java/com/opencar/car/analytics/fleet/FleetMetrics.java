package com.opencar.car.analytics.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Reads the windowed counts of this instance's partitions.
 */
@Component
public class FleetMetrics {

	private final StreamsBuilderFactoryBean streams;

	FleetMetrics(StreamsBuilderFactoryBean streams) {
		this.streams = streams;
	}

	/**
	 * Telemetry messages per vehicle in the windows that start within the given range.
	 * @param from the earliest window start, inclusive
	 * @param to the latest window start, inclusive
	 * @return VIN to message count
	 */
	public Map<String, Long> messagesPerVehicle(Instant from, Instant to) {
		Map<String, Long> counts = new TreeMap<>();
		try (KeyValueIterator<Windowed<String>, Long> windows = store().fetchAll(from, to)) {
			while (windows.hasNext()) {
				KeyValue<Windowed<String>, Long> window = windows.next();
				counts.merge(window.key.key(), window.value, Long::sum);
			}
		}
		return counts;
	}

	private ReadOnlyWindowStore<String, Long> store() {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		if (kafkaStreams == null) {
			throw new IllegalStateException("Kafka Streams is not running");
		}
		return kafkaStreams.store(StoreQueryParameters.fromNameAndType(FleetMetricsTopology.MESSAGES_PER_VEHICLE_STORE,
				QueryableStoreTypes.windowStore()));
	}

}
