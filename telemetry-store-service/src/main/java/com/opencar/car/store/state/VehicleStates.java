package com.opencar.car.store.state;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * The {@code vehicle_state} table.
 */
@Repository
public class VehicleStates {

	private static final Comparator<StateUpdate> OLDEST_FIRST = Comparator.comparing(StateUpdate::sampledAt)
		.thenComparingLong(StateUpdate::seq);

	private static final String MERGE_TELEMETRY = """
			insert into vehicle_state (vin, last_seen_at, last_sample_at, last_seq, signals)
			select vin, last_seen_at, last_sample_at, last_seq, signals::jsonb
			from unnest(?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::text[])
			     as batch (vin, last_seen_at, last_sample_at, last_seq, signals)
			on conflict (vin) do update set
			    signals = case when vehicle_state.last_sample_at is null
			                     or (excluded.last_sample_at, excluded.last_seq)
			                        >= (vehicle_state.last_sample_at, coalesce(vehicle_state.last_seq, -1))
			                   then vehicle_state.signals || excluded.signals
			                   else excluded.signals || vehicle_state.signals end,
			    last_seq = case when vehicle_state.last_sample_at is null
			                     or (excluded.last_sample_at, excluded.last_seq)
			                        >= (vehicle_state.last_sample_at, coalesce(vehicle_state.last_seq, -1))
			                   then excluded.last_seq else vehicle_state.last_seq end,
			    last_sample_at = greatest(vehicle_state.last_sample_at, excluded.last_sample_at),
			    last_seen_at = greatest(vehicle_state.last_seen_at, excluded.last_seen_at)
			""";

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final VehicleJson json;

	VehicleStates(JdbcClient jdbc, JdbcTemplate jdbcTemplate, VehicleJson json) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.json = json;
	}

	/**
	 * Merges telemetry into each vehicle's state. Within the batch a vehicle's messages
	 * are folded oldest first, so newer values win; against what is stored, a batch newer
	 * than the stored sample overwrites the signals it carries, and an older one only
	 * fills signals the state does not have yet. "Newer" is by sample time, then
	 * {@code seq}.
	 * <p>
	 * One limit, accepted for the speed of one row per vehicle: if a single batch holds
	 * both a message older than the stored sample and a newer one, a signal carried only
	 * by the older one overwrites the stored value. Per vehicle Kafka keeps arrival
	 * order, and cars flush buffered messages in order, so such a batch needs a car whose
	 * clock went backwards.
	 * @param updates the batch's telemetry, in any order
	 */
	public void merge(List<StateUpdate> updates) {
		if (updates.isEmpty()) {
			return;
		}
		Map<VehicleId, List<StateUpdate>> byVehicle = updates.stream()
			.collect(Collectors.groupingBy(StateUpdate::vin, LinkedHashMap::new, Collectors.toList()));
		List<StateUpdate> merged = new ArrayList<>(byVehicle.size());
		for (List<StateUpdate> vehicle : byVehicle.values()) {
			vehicle.sort(OLDEST_FIRST);
			Map<String, Object> signals = new LinkedHashMap<>();
			Instant seenAt = Instant.EPOCH;
			for (StateUpdate update : vehicle) {
				signals.putAll(update.signals());
				seenAt = update.seenAt().isAfter(seenAt) ? update.seenAt() : seenAt;
			}
			StateUpdate newest = vehicle.get(vehicle.size() - 1);
			merged.add(new StateUpdate(newest.vin(), newest.seq(), newest.sampledAt(), seenAt, signals));
		}
		// one statement over arrays, one row per vehicle (a statement may not touch a row
		// twice); in VIN order, so writers that meet on the same vehicles lock them in
		// the
		// same order
		merged.sort(Comparator.comparing((StateUpdate update) -> update.vin().value()));
		this.jdbcTemplate.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(MERGE_TELEMETRY)) {
				statement.setArray(1, connection.createArrayOf("varchar",
						merged.stream().map((update) -> update.vin().value()).toArray()));
				statement.setArray(2, connection.createArrayOf("timestamptz",
						merged.stream().map((update) -> Timestamp.from(update.seenAt())).toArray()));
				statement.setArray(3, connection.createArrayOf("timestamptz",
						merged.stream().map((update) -> Timestamp.from(update.sampledAt())).toArray()));
				statement.setArray(4,
						connection.createArrayOf("int8", merged.stream().map(StateUpdate::seq).toArray()));
				statement.setArray(5,
						connection.createArrayOf("text", merged.stream()
							.map((update) -> new String(this.json.write(update.signals()), StandardCharsets.UTF_8))
							.toArray()));
				return statement.executeUpdate();
			}
		});
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
