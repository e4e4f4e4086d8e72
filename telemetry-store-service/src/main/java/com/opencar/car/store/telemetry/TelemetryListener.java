package com.opencar.car.store.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.process.tracing.MessageTracing;
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
			StoreMetrics metrics, StoreProperties properties, MessageTracing tracing) {
		this.sink = BatchSink.streaming(SINK, (record) -> TelemetryRow.parse(json, record), (rows) -> {
			Instant oldestKept = partitions.oldestKept();
			Predicate<TelemetryRow> expired = (row) -> row.telemetry().ts().isBefore(oldestKept);
			writer.write(() -> stream(rows).filter(expired.negate()).iterator());
			// the batch is parsed by now: counting again costs no parsing
			long expiredRows = stream(rows).filter(expired).count();
			if (expiredRows > 0) {
				metrics.expired(SINK, (int) expiredRows);
			}
		}, deadLetters, metrics, properties.sink().poisonAttempts(), tracing);
	}

	private static <T> Stream<T> stream(Iterable<T> items) {
		return StreamSupport.stream(items.spliterator(), false);
	}

	@KafkaListener(id = "store-postgres-telemetry", topics = KafkaTopic.Names.TELEMETRY,
			containerFactory = "batchListenerContainerFactory")
	void onTelemetry(List<ConsumerRecord<String, byte[]>> records) {
		this.sink.consume(records);
	}

}
