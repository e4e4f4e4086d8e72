package com.opencar.car.analytics;

import java.time.Instant;
import java.util.List;

import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.security.TestRegistry;

/**
 * Two vehicles in two fleets, for authorization tests: car A in fleet-a, car B in
 * fleet-b, each with its state, a telemetry row and an alert in the store's views and its
 * registration on the registry topic (which reaches the service asynchronously).
 *
 * @param carA the vehicle of fleet-a
 * @param carB the vehicle of fleet-b
 */
public record TwoFleets(VehicleId carA, VehicleId carB) {

	public static TwoFleets seed(StoreViews views, TestKafka kafka, TestVins vins) {
		views.clear();
		TwoFleets fleets = new TwoFleets(vins.next(), vins.next());
		Instant now = Instant.now();
		for (VehicleId car : List.of(fleets.carA, fleets.carB)) {
			views.vehicle(car.value(), true, now, "{\"Vehicle.Speed\": 50.0}");
			views.telemetry(car.value(), 1, now.minusSeconds(60), 50.0, 80.0, 52.5, 13.4, "{}");
			views.alert(car.value(), "OVERSPEED", "WARNING", now.minusSeconds(30));
		}
		TestRegistry.register(kafka.bootstrapServers(), fleets.carA, "fleet-a");
		TestRegistry.register(kafka.bootstrapServers(), fleets.carB, "fleet-b");
		return fleets;
	}

}
