package com.opencar.car.analytics.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Aggregates a vehicle's telemetry into time buckets in PostgreSQL ({@code date_bin},
 * {@code min}/{@code avg}/{@code max}), from the store's {@code telemetry_v1} view. The
 * hot signals come from their typed columns; any other numeric signal from the
 * {@code jsonb}.
 */
@Repository
class TelemetryBuckets {

	/** The view's typed columns, by signal. */
	private static final Map<VssSignal, String> TYPED = Map.of(VssSignal.SPEED, "speed_kmh", VssSignal.LATITUDE,
			"latitude", VssSignal.LONGITUDE, "longitude", VssSignal.HEADING, "heading", VssSignal.STATE_OF_CHARGE,
			"state_of_charge", VssSignal.ODOMETER, "odometer_km");

	private final JdbcClient jdbc;

	TelemetryBuckets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	TelemetryHistory query(VehicleId vin, List<String> signals, Instant from, Instant to, Duration interval) {
		List<Object> params = new ArrayList<>();
		StringBuilder aggregates = new StringBuilder();
		StringBuilder values = new StringBuilder();
		for (int index = 0; index < signals.size(); index++) {
			aggregates.append(", min(s")
				.append(index)
				.append("), avg(s")
				.append(index)
				.append("), max(s")
				.append(index)
				.append(")");
		}
		params.add(interval.toMillis() / 1000.0);
		params.add(utc(from));
		for (int index = 0; index < signals.size(); index++) {
			String path = signals.get(index);
			String column = VssSignal.byPath(path).map(TYPED::get).orElse(null);
			if (column != null) {
				values.append(", ").append(column).append(" as s").append(index);
			}
			else {
				values.append(", case when jsonb_typeof(signals -> ?) = 'number' then (signals ->> ?)::float8 end as s")
					.append(index);
				params.add(path);
				params.add(path);
			}
		}
		params.add(vin.value());
		params.add(utc(from));
		params.add(utc(to));
		String sql = "select date_bin(make_interval(secs => ?), sampled_at, ?) as bucket, count(*) as samples"
				+ aggregates + " from (select sampled_at" + values
				+ " from telemetry_v1 where vin = ? and sampled_at >= ? and sampled_at < ?) as samples"
				+ " group by bucket order by bucket";
		List<TelemetryHistory.Bucket> buckets = this.jdbc.sql(sql)
			.params(params)
			.query((row, rowIndex) -> bucket(row, signals))
			.list();
		return new TelemetryHistory(vin.value(), from, to, interval.toString(), signals, buckets);
	}

	private static TelemetryHistory.Bucket bucket(ResultSet row, List<String> signals) throws SQLException {
		Map<String, TelemetryHistory.Aggregate> values = new LinkedHashMap<>();
		for (int index = 0; index < signals.size(); index++) {
			int column = 3 + index * 3;
			double min = row.getDouble(column);
			if (!row.wasNull()) {
				values.put(signals.get(index),
						new TelemetryHistory.Aggregate(min, row.getDouble(column + 1), row.getDouble(column + 2)));
			}
		}
		return new TelemetryHistory.Bucket(row.getTimestamp(1).toInstant(), row.getLong(2), values);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
