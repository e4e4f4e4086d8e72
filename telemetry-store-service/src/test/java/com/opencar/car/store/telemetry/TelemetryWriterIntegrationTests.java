package com.opencar.car.store.telemetry;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.store.support.StoreIntegrationTest;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's two paths into {@code telemetry}: the binary {@code COPY} for new rows and
 * the idempotent insert when some rows are already stored.
 */
@StoreIntegrationTest
class TelemetryWriterIntegrationTests {

	private final TestVins vins = TestVins.fresh();

	@Autowired
	private TelemetryWriter writer;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void storesEveryColumnAsTheCarSentIt() {
		VehicleId vin = this.vins.next();
		Instant sampled = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(30);
		Instant received = sampled.plusMillis(250).plusNanos(1_000);
		Map<String, Object> signals = new LinkedHashMap<>();
		signals.put("Vehicle.Speed", 87.5);
		signals.put("Vehicle.CurrentLocation.Latitude", -33.868820);
		// no longitude: its column stays null
		signals.put("Vehicle.CurrentLocation.Heading", 271.25);
		signals.put("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 76L);
		signals.put("Vehicle.TraveledDistance", 123456.7);
		signals.put("Vehicle.Cabin.Infotainment.Media.Played.Track", "Say \"hi\", \\ Grüße\n");
		signals.put("Vehicle.Cabin.Door.Row1.DriverSide.IsLocked", true);

		this.writer.write(List.of(new TelemetryRow(new TelemetryReported(vin, 7, sampled, signals), received)));

		Map<String, Object> row = this.jdbc.sql("""
				select seq, sampled_at, received_at, speed_kmh, latitude, longitude, heading, state_of_charge,
				       odometer_km, signals = ?::jsonb as same_signals
				from telemetry where vin = ?
				""").param("""
				{"Vehicle.Speed": 87.5, "Vehicle.CurrentLocation.Latitude": -33.86882,
				 "Vehicle.CurrentLocation.Heading": 271.25,
				 "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 76,
				 "Vehicle.TraveledDistance": 123456.7,
				 "Vehicle.Cabin.Infotainment.Media.Played.Track": "Say \\"hi\\", \\\\ Grüße\\n",
				 "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked": true}
				""").param(vin.value()).query().singleRow();
		assertThat(row).containsEntry("seq", 7L)
			.containsEntry("speed_kmh", 87.5)
			.containsEntry("latitude", -33.86882)
			.containsEntry("longitude", null)
			.containsEntry("heading", 271.25)
			.containsEntry("state_of_charge", 76.0)
			.containsEntry("odometer_km", 123456.7)
			.containsEntry("same_signals", true);
		assertThat(((Timestamp) row.get("sampled_at")).toInstant()).isEqualTo(sampled);
		// PostgreSQL keeps microseconds
		assertThat(((Timestamp) row.get("received_at")).toInstant()).isEqualTo(received.truncatedTo(ChronoUnit.MICROS));
	}

	@Test
	void aBatchWithRowsAlreadyStoredAddsOnlyTheNewOnesAndKeepsTheFirstCopy() {
		VehicleId vin = this.vins.next();
		Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
		this.writer.write(List.of(row(vin, 1, start, 10.0), row(vin, 2, start, 20.0)));

		// a redelivery overlapping what is stored: COPY refuses it, the insert skips the
		// stored rows
		this.writer.write(List.of(row(vin, 1, start, 99.0), row(vin, 2, start, 99.0), row(vin, 3, start, 30.0)));

		assertThat(this.jdbc.sql("select seq, speed_kmh from telemetry where vin = ? order by seq")
			.param(vin.value())
			.query((rs, n) -> rs.getLong("seq") + ":" + rs.getDouble("speed_kmh"))
			.list()).containsExactly("1:10.0", "2:20.0", "3:30.0");
		assertThat(this.jdbc.sql("select last_seq from vehicle_state where vin = ?")
			.param(vin.value())
			.query(Long.class)
			.single()).isEqualTo(3L);
	}

	/**
	 * Cars may send nanoseconds; PostgreSQL keeps microseconds. The COPY path truncated
	 * them and the insert path rounded them, so a redelivery written by the insert got
	 * another sampled_at than its first copy and was stored twice (found by the
	 * fault-injection tests).
	 */
	@Test
	void aRedeliveryWithNanosecondsIsStoredOnce() {
		VehicleId vin = this.vins.next();
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).plusNanos(123_456_789);
		this.writer.write(List.of(row(vin, 1, start, 10.0)));
		this.writer.write(List.of(row(vin, 1, start, 10.0), row(vin, 2, start, 20.0)));

		assertThat(this.jdbc.sql("select seq from telemetry where vin = ? order by seq")
			.param(vin.value())
			.query(Long.class)
			.list()).containsExactly(1L, 2L);
	}

	private static TelemetryRow row(VehicleId vin, long seq, Instant start, double speed) {
		Instant sampled = start.plusSeconds(seq);
		return new TelemetryRow(new TelemetryReported(vin, seq, sampled, Map.of("Vehicle.Speed", speed)), sampled);
	}

}
