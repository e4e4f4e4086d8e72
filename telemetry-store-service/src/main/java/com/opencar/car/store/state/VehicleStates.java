package com.opencar.car.store.state;

import java.sql.Timestamp;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.opencar.car.common.telemetry.ConnectivityChanged;

/**
 * The {@code vehicle_state} table.
 */
@Repository
class VehicleStates {

	private final JdbcClient jdbc;

	VehicleStates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a connectivity change unless a newer one is already stored, so redelivered
	 * and late messages are harmless.
	 * @param change the change
	 */
	void recordConnectivity(ConnectivityChanged change) {
		this.jdbc
			.sql("""
					insert into vehicle_state (vin, online, connectivity_changed_at, last_seen_at)
					values (:vin, :online, :ts, :ts)
					on conflict (vin) do update set
					    online = case
					        when vehicle_state.connectivity_changed_at is null
					          or vehicle_state.connectivity_changed_at <= excluded.connectivity_changed_at
					        then excluded.online else vehicle_state.online end,
					    connectivity_changed_at = greatest(vehicle_state.connectivity_changed_at, excluded.connectivity_changed_at),
					    last_seen_at = greatest(vehicle_state.last_seen_at, excluded.last_seen_at)
					""")
			.param("vin", change.vin().value())
			.param("online", change.online())
			.param("ts", Timestamp.from(change.ts()))
			.update();
	}

}
