package com.opencar.car.analytics.vehicle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.registry.VehicleDirectory;

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

	private final VehicleDirectory directory;

	private final Clock clock;

	private final Duration openAlertsWindow;

	Vehicles(JdbcClient jdbc, JsonMapper json, VehicleDirectory directory, AnalyticsProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.directory = directory;
		this.clock = clock;
		this.openAlertsWindow = properties.api().openAlertsWindow();
	}

	/**
	 * @param query which vehicles, in what order
	 * @param offset how many to skip
	 * @param limit how many to return at most
	 * @param visible only these vehicles, or all if {@code null}
	 * @return the vehicles, each with its registered name if it has one
	 */
	public List<VehicleSummary> list(VehicleQuery query, long offset, int limit, Collection<VehicleId> visible) {
		Where where = where(query, visible);
		String order = query.sort().column() + (query.descending() ? " desc" : " asc") + " nulls last";
		return this.jdbc
			.sql("select " + SUMMARY_COLUMNS + " from vehicle_state_v1 where " + where.sql() + " order by " + order
					+ ", vin limit ? offset ?")
			.params(where.params(limit, offset))
			.query(this::summary)
			.list();
	}

	/**
	 * @param query which vehicles
	 * @param visible only these vehicles, or all if {@code null}
	 * @return how many vehicles {@link #list} pages through
	 */
	public long count(VehicleQuery query, Collection<VehicleId> visible) {
		Where where = where(query, visible);
		return this.jdbc.sql("select count(*) from vehicle_state_v1 where " + where.sql())
			.params(where.params())
			.query(Long.class)
			.single();
	}

	/**
	 * The query's conditions, each taking its parameters whether it applies or not, so
	 * the statement stays one text. Text matches part of the VIN (letters and digits, as
	 * VINs have) or of the registered name.
	 */
	private Where where(VehicleQuery query, Collection<VehicleId> visible) {
		VehicleQuery.Status status = query.status();
		Boolean online = (status == VehicleQuery.Status.ONLINE) ? Boolean.TRUE
				: (status == VehicleQuery.Status.OFFLINE) ? Boolean.FALSE : null;
		String text = query.text();
		String vinPart = (text != null) ? text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "") : "";
		return new Where(
				"""
						(?::boolean is null or online = ?)
						and (not ? or (signals -> '%s') = 'true'::jsonb)
						and (not ? or exists (select 1 from alerts_v1 a where a.vin = vehicle_state_v1.vin and a.raised_at >= ?))
						and (not ? or (?::text <> '' and vin like '%%' || ?::text || '%%') or vin = any(?::text[]))
						and %s"""
					.formatted(VssSignal.IS_CHARGING.path(), VISIBLE),
				Arrays.asList(online, online, status == VehicleQuery.Status.CHARGING,
						status == VehicleQuery.Status.ALERTING,
						this.clock.instant().minus(this.openAlertsWindow).atOffset(ZoneOffset.UTC), text != null,
						vinPart, vinPart, (text != null) ? array(this.directory.named(text)) : new String[0],
						array(visible), array(visible)));
	}

	/** A where clause and its parameters. */
	private record Where(String sql, List<Object> conditions) {

		Object[] params(Object... more) {
			List<Object> all = new ArrayList<>(this.conditions);
			all.addAll(Arrays.asList(more));
			return all.toArray();
		}

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

	private VehicleSummary summary(ResultSet row, int index) throws SQLException {
		String vin = row.getString("vin");
		String name = VehicleId.isValid(vin)
				? this.directory.find(VehicleId.of(vin)).map(VehicleRegistration::displayName).orElse(null) : null;
		return new VehicleSummary(vin, name, row.getBoolean("online"), instant(row, "last_seen_at"),
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
