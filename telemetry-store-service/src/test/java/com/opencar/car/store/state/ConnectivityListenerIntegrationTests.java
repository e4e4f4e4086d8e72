package com.opencar.car.store.state;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.store.support.StoreIntegrationTest;
import com.opencar.car.store.support.StoreTopics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@StoreIntegrationTest
class ConnectivityListenerIntegrationTests {

	private static final VehicleId VIN = VehicleId.of("WVWZZZ1JZXW000042");

	@Autowired
	private StoreTopics topics;

	@Autowired
	private VehicleJson json;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void keepsTheNewestConnectivityStateFromKafkaInPostgres() throws Exception {
		Instant later = Instant.parse("2026-11-22T10:00:00Z");
		Instant earlier = later.minusSeconds(60);

		publish(new ConnectivityChanged(VIN, true, later));
		await().atMost(Duration.ofSeconds(30)).until(() -> online(VIN), Boolean.TRUE::equals);

		// a status older than what is stored arrives late: it must be consumed and change
		// nothing
		RecordMetadata late = publish(new ConnectivityChanged(VIN, false, earlier));
		awaitCommitted(late);
		assertThat(online(VIN)).isTrue();
		assertThat(this.jdbc.sql("select connectivity_changed_at from vehicle_state where vin = ?")
			.param(VIN.value())
			.query(Timestamp.class)
			.single()
			.toInstant()).isEqualTo(later);

		publish(new ConnectivityChanged(VIN, false, later.plusSeconds(1)));
		await().atMost(Duration.ofSeconds(30)).until(() -> online(VIN), Boolean.FALSE::equals);
	}

	private RecordMetadata publish(ConnectivityChanged change) throws Exception {
		return this.topics.publish(KafkaTopic.CONNECTIVITY.topicName(), change.vin().value(), this.json.write(change));
	}

	private Boolean online(VehicleId vin) {
		return this.jdbc.sql("select online from vehicle_state where vin = ?")
			.param(vin.value())
			.query(Boolean.class)
			.optional()
			.orElse(null);
	}

	private void awaitCommitted(RecordMetadata record) {
		this.topics.awaitConsumed(List.of(record), "store-connectivity");
	}

}
