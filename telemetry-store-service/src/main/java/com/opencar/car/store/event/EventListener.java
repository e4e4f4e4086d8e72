package com.opencar.car.store.event;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.process.tracing.MessageTracing;
import com.opencar.car.store.StoreProperties;
import com.opencar.car.store.sink.BatchSink;
import com.opencar.car.store.sink.DeadLetters;
import com.opencar.car.store.sink.StoreMetrics;

/**
 * Stores each vehicle event once: (vin, seq) identifies it, a redelivery is ignored.
 */
@Component
class EventListener {

	static final String SINK = "postgres-events";

	private final BatchSink<Event> sink;

	EventListener(VehicleJson json, JdbcTemplate jdbc, DeadLetters deadLetters, StoreMetrics metrics,
			StoreProperties properties, MessageTracing tracing) {
		this.sink = new BatchSink<>(SINK,
				(record) -> new Event(json.readEvent(record.value(), VehicleId.of(record.key())), Instant.now()),
				(events) -> jdbc.batchUpdate("""
						insert into vehicle_events (vin, seq, occurred_at, received_at, type, data)
						values (?, ?, ?, ?, ?, ?::jsonb)
						on conflict do nothing
						""", events, events.size(), (statement, event) -> {
					statement.setString(1, event.event().vin().value());
					statement.setLong(2, event.event().seq());
					statement.setTimestamp(3, Timestamp.from(event.event().ts()));
					statement.setTimestamp(4, Timestamp.from(event.receivedAt()));
					statement.setString(5, event.event().type());
					statement.setString(6, new String(json.write(event.event().data()), StandardCharsets.UTF_8));
				}), deadLetters, metrics, properties.sink().poisonAttempts(), tracing);
	}

	@KafkaListener(id = "store-postgres-events", topics = KafkaTopic.Names.EVENTS,
			containerFactory = "batchListenerContainerFactory")
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		this.sink.consume(records);
	}

	private record Event(VehicleEventReported event, Instant receivedAt) {

	}

}
