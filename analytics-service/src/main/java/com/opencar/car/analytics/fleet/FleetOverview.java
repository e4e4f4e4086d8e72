package com.opencar.car.analytics.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.alert.Alerts;
import com.opencar.car.analytics.vehicle.Vehicles;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Puts the fleet summary together: counts from the store's {@code vehicle_state_v1}, open
 * alerts from {@code alerts_v1}, the telemetry rate from the Kafka Streams windows.
 */
@Component
public class FleetOverview {

	private static final String SOC = VssSignal.STATE_OF_CHARGE.path();

	private static final String COUNTS = "select count(*), count(*) filter (where online), count(*) filter (where "
			+ "(signals -> '" + VssSignal.IS_CHARGING.path() + "') = 'true'::jsonb), avg(case when jsonb_typeof("
			+ "signals -> '" + SOC + "') = 'number' then (signals ->> '" + SOC
			+ "')::float8 end) from vehicle_state_v1 where " + Vehicles.VISIBLE;

	private final JdbcClient jdbc;

	private final Alerts alerts;

	private final FleetMetrics metrics;

	private final Duration openAlertsWindow;

	private final Clock clock;

	FleetOverview(JdbcClient jdbc, Alerts alerts, FleetMetrics metrics, AnalyticsProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.alerts = alerts;
		this.metrics = metrics;
		this.openAlertsWindow = properties.api().openAlertsWindow();
		this.clock = clock;
	}

	/**
	 * @param visible the vehicles to sum up, or {@code null} for every vehicle; the
	 * telemetry windows count every vehicle, so a caller limited to some gets none
	 * @return the summary
	 */
	public FleetSummary summary(Collection<VehicleId> visible) {
		Instant now = this.clock.instant();
		FleetWindow[] windows = (visible != null) ? new FleetWindow[2] : windows(now);
		FleetWindow last = windows[0];
		long openAlerts = this.alerts.countSince(now.minus(this.openAlertsWindow), visible);
		Double perMinute = (last != null) ? last.messages() * 60_000.0 / this.metrics.window().toMillis() : null;
		Long activeVehicles = (last != null) ? last.activeVehicles() : null;
		return this.jdbc.sql(COUNTS).params(Vehicles.array(visible), Vehicles.array(visible)).query((row, index) -> {
			double soc = row.getDouble(4);
			Double averageSoc = row.wasNull() ? null : soc;
			return new FleetSummary(row.getLong(1), row.getLong(2), row.getLong(1) - row.getLong(2), row.getLong(3),
					averageSoc, openAlerts, this.openAlertsWindow.toString(), perMinute, activeVehicles, last,
					windows[1]);
		}).single();
	}

	/**
	 * The last complete and the current window; nulls while Kafka Streams starts or
	 * rebalances, when the database's figures still stand.
	 */
	private FleetWindow[] windows(Instant now) {
		try {
			Instant current = this.metrics.windowStart(now);
			return new FleetWindow[] { this.metrics.fleetWindow(current.minus(this.metrics.window())),
					this.metrics.fleetWindow(current) };
		}
		catch (InvalidStateStoreException ex) {
			return new FleetWindow[2];
		}
	}

}
