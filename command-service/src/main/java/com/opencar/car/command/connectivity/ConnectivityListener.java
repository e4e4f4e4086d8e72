package com.opencar.car.command.connectivity;

import java.sql.Timestamp;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.topic.KafkaTopic;

/**
 * Keeps {@code vehicle_connectivity}; an older change arriving late never overwrites a
 * newer one. A car the service has never heard of counts as offline.
 */
@Component
class ConnectivityListener {

	private final JdbcClient jdbc;

	private final VehicleJson json;

	ConnectivityListener(JdbcClient jdbc, VehicleJson json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@KafkaListener(id = "command-connectivity", topics = KafkaTopic.Names.CONNECTIVITY)
	void onConnectivityChanged(byte[] value) {
		ConnectivityChanged change = this.json.read(value, ConnectivityChanged.class);
		this.jdbc.sql("""
				insert into vehicle_connectivity (vin, online, changed_at) values (:vin, :online, :at)
				on conflict (vin) do update set online = excluded.online, changed_at = excluded.changed_at
				where vehicle_connectivity.changed_at <= excluded.changed_at
				""")
			.param("vin", change.vin().value())
			.param("online", change.online())
			.param("at", Timestamp.from(change.ts()))
			.update();
	}

}
