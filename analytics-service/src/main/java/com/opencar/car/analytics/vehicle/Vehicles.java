package com.opencar.car.analytics.vehicle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * The fleet's vehicles, read from the store's {@code vehicle_state_v1} view.
 */
@Repository
public class Vehicles {

	private static final TypeReference<Map<String, Object>> SIGNALS = new TypeReference<>() {
	};

	private static final String SUMMARY_COLUMNS = "vin, online, last_seen_at, last_sample_at, "
			+ number(VssSignal.SPEED) + " as speed, " + number(VssSignal.STATE_OF_CHARGE) + " as soc, "
			+ "(signals -> '" + VssSignal.IS_CHARGING.path() + "') = 'true'::jsonb as charging, "
			+ number(VssSignal.LATITUDE) + " as latitude, " + number(VssSignal.LONGITUDE) + " as longitude";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Vehicles(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * @param online only vehicles in this connectivity state, or all if {@code null}
	 * @param offset how many to skip, ordered by VIN
	 * @param limit how many to return at most
	 * @param visible only these vehicles, or all if {@code null}
	 * @return the vehicles
	 */
	public List<VehicleSummary> list(Boolean online, long offset, int limit, Collection<VehicleId> visible) {
		return this.jdbc
			.sql("select " + SUMMARY_COLUMNS + " from vehicle_state_v1 where (?::boolean is null or "
					+ "online = ?) and " + VISIBLE + " order by vin limit ? offset ?")
			.params(online, online, array(visible), array(visible), limit, offset)
			.query(Vehicles::summary)
			.list();
	}

	/**
	 * @param online only vehicles in this connectivity state, or all if {@code null}
	 * @param visible only these vehicles, or all if {@code null}
	 * @return how many vehicles {@link #list} pages through
	 */
	public long count(Boolean online, Collection<VehicleId> visible) {
		return this.jdbc
			.sql("select count(*) from vehicle_state_v1 where (?::boolean is null or online = ?) and " + VISIBLE)
			.params(online, online, array(visible), array(visible))
			.query(Long.class)
			.single();
	}

	/**
	 * @param vin a car
	 * @return its latest state, if it was ever seen
	 */
	public Optional<VehicleState> find(VehicleId vin) {
		return this.jdbc.sql("""
				select vin, online, connectivity_changed_at, last_seen_at, last_sample_at, last_seq, signals::text
				from vehicle_state_v1 where vin = ?
				""").param(vin.value()).query((row, index) -> state(row)).optional();
	}

	/**
	 * @param vin a car
	 * @return whether it was ever seen
	 */
	public boolean exists(VehicleId vin) {
		return this.jdbc.sql("select exists (select 1 from vehicle_state_v1 where vin = ?)")
			.param(vin.value())
			.query(Boolean.class)
			.single();
	}

	private VehicleState state(ResultSet row) throws SQLException {
		long seq = row.getLong("last_seq");
		Long lastSeq = row.wasNull() ? null : seq;
		return new VehicleState(row.getString("vin"), row.getBoolean("online"), instant(row, "connectivity_changed_at"),
				instant(row, "last_seen_at"), instant(row, "last_sample_at"), lastSeq,
				this.json.readValue(row.getString("signals"), SIGNALS));
	}

	private static VehicleSummary summary(ResultSet row, int index) throws SQLException {
		return new VehicleSummary(row.getString("vin"), row.getBoolean("online"), instant(row, "last_seen_at"),
				instant(row, "last_sample_at"), row.getObject("speed", Double.class),
				row.getObject("soc", Double.class), row.getObject("charging", Boolean.class),
				row.getObject("latitude", Double.class), row.getObject("longitude", Double.class));
	}

	/**
	 * A numeric signal of the merged state, or null where the car sent something else.
	 */
	static String number(VssSignal signal) {
		return "case when jsonb_typeof(signals -> '" + signal.path() + "') = 'number' then (signals ->> '"
				+ signal.path() + "')::float8 end";
	}

	/**
	 * A condition on {@code vin} taking the same array (or null for every vehicle) twice.
	 */
	public static final String VISIBLE = "(?::text[] is null or vin = any(?::text[]))";

	/**
	 * @param vins vehicles, or {@code null}
	 * @return the parameter for {@link #VISIBLE}
	 */
	public static String[] array(Collection<VehicleId> vins) {
		return (vins != null) ? vins.stream().map(VehicleId::value).toArray(String[]::new) : null;
	}

	static Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp timestamp = row.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
