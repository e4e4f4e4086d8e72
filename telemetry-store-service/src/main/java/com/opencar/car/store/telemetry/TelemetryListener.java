package com.opencar.car.store.telemetry;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.store.StoreProperties;
import com.opencar.car.store.sink.BatchSink;
import com.opencar.car.store.sink.DeadLetters;
import com.opencar.car.store.sink.StoreMetrics;

/**
 * {@code vehicle.telemetry.v1} into PostgreSQL, in its own consumer group, so the raw
 * MongoDB sink neither waits for it nor is held up by it.
 */
@Component
class TelemetryListener {

	static final String SINK = "postgres-telemetry";

	private final BatchSink<TelemetryRow> sink;

	TelemetryListener(VehicleJson json, TelemetryWriter writer, TelemetryPartitions partitions, DeadLetters deadLetters,
			StoreMetrics metrics, StoreProperties properties) {
		this.sink = new BatchSink<>(SINK, (record) -> TelemetryRow.parse(json, record), (rows) -> {
			Instant oldestKept = partitions.oldestKept();
			List<TelemetryRow> kept = rows.stream()
				.filter((row) -> !row.telemetry().ts().isBefore(oldestKept))
				.toList();
			if (kept.size() < rows.size()) {
				metrics.expired(SINK, rows.size() - kept.size());
			}
			if (!kept.isEmpty()) {
				writer.write(kept);
			}
		}, deadLetters, metrics, properties.sink().poisonAttempts());
	}

	@KafkaListener(id = "store-postgres-telemetry", topics = KafkaTopic.Names.TELEMETRY,
			containerFactory = "batchListenerContainerFactory")
	void onTelemetry(List<ConsumerRecord<String, byte[]>> records) {
		this.sink.consume(records);
	}

}
