package com.opencar.car.store.alert;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.process.tracing.MessageTracing;
import com.opencar.car.store.StoreProperties;
import com.opencar.car.store.sink.BatchSink;
import com.opencar.car.store.sink.DeadLetters;
import com.opencar.car.store.sink.StoreMetrics;

/**
 * Stores each alert once, by its {@code alertId}.
 */
@Component
class AlertListener {

	static final String SINK = "postgres-alerts";

	private final BatchSink<AlertRaised> sink;

	AlertListener(VehicleJson json, JdbcTemplate jdbc, DeadLetters deadLetters, StoreMetrics metrics,
			StoreProperties properties, MessageTracing tracing) {
		this.sink = new BatchSink<>(SINK, (record) -> json.read(record.value(), AlertRaised.class),
				(alerts) -> jdbc.batchUpdate("""
						insert into alerts (alert_id, vin, type, severity, raised_at, data)
						values (?, ?, ?, ?, ?, ?::jsonb)
						on conflict do nothing
						""", alerts, alerts.size(), (statement, alert) -> {
					statement.setObject(1, alert.alertId());
					statement.setString(2, alert.vin().value());
					statement.setString(3, alert.type().name());
					statement.setString(4, alert.severity().name());
					statement.setTimestamp(5, Timestamp.from(alert.ts()));
					statement.setString(6, new String(json.write(alert.data()), StandardCharsets.UTF_8));
				}), deadLetters, metrics, properties.sink().poisonAttempts(), tracing);
	}

	@KafkaListener(id = "store-postgres-alerts", topics = KafkaTopic.Names.ALERTS,
			containerFactory = "batchListenerContainerFactory")
	void onAlerts(List<ConsumerRecord<String, byte[]>> records) {
		this.sink.consume(records);
	}

}
