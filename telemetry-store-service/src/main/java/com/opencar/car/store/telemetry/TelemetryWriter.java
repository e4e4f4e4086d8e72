package com.opencar.car.store.telemetry;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.store.state.StateUpdate;
import com.opencar.car.store.state.VehicleStates;

/**
 * Writes a batch of telemetry rows and merges them into {@code vehicle_state}, in one
 * transaction.
 * <p>
 * The rows go as one JDBC batch of {@code INSERT … ON CONFLICT DO NOTHING}, which the
 * PostgreSQL driver rewrites into multi-row inserts ({@code reWriteBatchedInserts}). The
 * benchmark compares it with a raw {@code COPY} into the same table.
 */
@Repository
public class TelemetryWriter {

	private static final String INSERT = """
			insert into telemetry (vin, seq, sampled_at, received_at, speed_kmh, latitude, longitude, heading,
			                       state_of_charge, odometer_km, signals)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
			on conflict do nothing
			""";

	private static final VssSignal[] TYPED = { VssSignal.SPEED, VssSignal.LATITUDE, VssSignal.LONGITUDE,
			VssSignal.HEADING, VssSignal.STATE_OF_CHARGE, VssSignal.ODOMETER };

	private final JdbcTemplate jdbc;

	private final VehicleJson json;

	private final VehicleStates states;

	TelemetryWriter(JdbcTemplate jdbc, VehicleJson json, VehicleStates states) {
		this.jdbc = jdbc;
		this.json = json;
		this.states = states;
	}

	@Transactional
	public void write(List<TelemetryRow> rows) {
		this.jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement statement, int index) throws SQLException {
				TelemetryRow row = rows.get(index);
				statement.setString(1, row.telemetry().vin().value());
				statement.setLong(2, row.telemetry().seq());
				statement.setTimestamp(3, Timestamp.from(row.telemetry().ts()));
				statement.setTimestamp(4, Timestamp.from(row.receivedAt()));
				for (int signal = 0; signal < TYPED.length; signal++) {
					Double value = row.number(TYPED[signal]);
					if (value != null) {
						statement.setDouble(5 + signal, value);
					}
					else {
						statement.setNull(5 + signal, Types.DOUBLE);
					}
				}
				statement.setString(11, jsonOf(row));
			}

			@Override
			public int getBatchSize() {
				return rows.size();
			}

		});
		this.states.merge(rows.stream()
			.map((row) -> new StateUpdate(row.telemetry().vin(), row.telemetry().seq(), row.telemetry().ts(),
					row.receivedAt(), row.telemetry().signals()))
			.toList());
	}

	private String jsonOf(TelemetryRow row) {
		return new String(this.json.write(row.telemetry().signals()), StandardCharsets.UTF_8);
	}

}
