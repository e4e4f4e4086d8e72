package com.opencar.car.analytics.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.opencar.car.analytics.vehicle.Vehicles;
import com.opencar.car.common.alert.AlertSeverity;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Alerts as the store keeps them ({@code alerts_v1}): analytics raises them on
 * {@code vehicle.alerts.v1}, the store writes them, these queries read them.
 */
@Repository
public class Alerts {

	private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Alerts(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * @param vin only this car's, or all if {@code null}
	 * @param type only this type, or all if {@code null}
	 * @param since raised at or after this time
	 * @param limit how many at most, newest first
	 * @param visible only these vehicles', or all if {@code null}
	 * @return the alerts
	 */
	public List<AlertView> find(VehicleId vin, AlertType type, Instant since, int limit,
			Collection<VehicleId> visible) {
		return this.jdbc.sql("""
				select alert_id, vin, type, severity, raised_at, data::text from alerts_v1
				where raised_at >= ? and (?::text is null or vin = ?) and (?::text is null or type = ?)
				and """ + Vehicles.VISIBLE + """
				order by raised_at desc, alert_id limit ?
				""")
			.params(since.atOffset(ZoneOffset.UTC), vin(vin), vin(vin), name(type), name(type), Vehicles.array(visible),
					Vehicles.array(visible), limit)
			.query((row, index) -> new AlertView(row.getObject(1, UUID.class), row.getString(2),
					AlertType.valueOf(row.getString(3)), AlertSeverity.valueOf(row.getString(4)),
					row.getTimestamp(5).toInstant(), this.json.readValue(row.getString(6), DATA)))
			.list();
	}

	/**
	 * @param since raised at or after this time
	 * @param visible only these vehicles', or all if {@code null}
	 * @return how many alerts were raised since then
	 */
	public long countSince(Instant since, Collection<VehicleId> visible) {
		return this.jdbc.sql("select count(*) from alerts_v1 where raised_at >= ? and " + Vehicles.VISIBLE)
			.params(since.atOffset(ZoneOffset.UTC), Vehicles.array(visible), Vehicles.array(visible))
			.query(Long.class)
			.single();
	}

	private static String vin(VehicleId vin) {
		return (vin != null) ? vin.value() : null;
	}

	private static String name(AlertType type) {
		return (type != null) ? type.name() : null;
	}

}
