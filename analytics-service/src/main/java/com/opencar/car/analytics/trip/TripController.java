package com.opencar.car.analytics.trip;

import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.api.VehicleNotFoundException;
import com.opencar.car.analytics.api.Vins;
import com.opencar.car.analytics.rules.RulesTopology;
import com.opencar.car.analytics.rules.Trip;
import com.opencar.car.analytics.rules.VehicleAnalysisState.DrivingTotals;
import com.opencar.car.analytics.rules.VehicleAnalysisState;
import com.opencar.car.analytics.streams.Instances;
import com.opencar.car.analytics.vehicle.Vehicles;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.security.VehicleAccess;

/**
 * Trips and driver scores, answered from the Kafka Streams state stores: by this instance
 * when it holds the vehicle's partition, otherwise by the instance that does.
 */
@RestController
@Tag(name = "trips", description = "Trips and driver behaviour scores")
class TripController {

	private final Instances instances;

	private final Vehicles vehicles;

	private final AnalyticsProperties.Score score;

	private final VehicleAccess access;

	TripController(Instances instances, Vehicles vehicles, AnalyticsProperties properties, VehicleAccess access) {
		this.access = access;
		this.instances = instances;
		this.vehicles = vehicles;
		this.score = properties.score();
	}

	@GetMapping("/api/v1/vehicles/{vin}/trips")
	@Operation(summary = "The vehicle's recent trips, newest first")
	List<Trip> trips(@PathVariable String vin) {
		VehicleId vehicle = known(vin);
		return this.instances
			.fromOwner(RulesTopology.TRIPS_STORE, vehicle.value(), "/internal/v1/vehicles/" + vin + "/trips",
					Trip[].class)
			.map(List::of)
			.orElseGet(() -> localTrips(vin));
	}

	@GetMapping("/api/v1/vehicles/{vin}/driver-score")
	@Operation(summary = "Driver behaviour score from harsh events per 100 km and the share of time speeding, "
			+ "with its explanation")
	DriverScore driverScore(@PathVariable String vin) {
		VehicleId vehicle = known(vin);
		DrivingTotals totals = this.instances
			.fromOwner(RulesTopology.STATE_STORE, vehicle.value(), "/internal/v1/vehicles/" + vin + "/driving",
					DrivingTotals.class)
			.orElseGet(() -> localTotals(vin));
		return DriverScore.of(vin, totals, this.score);
	}

	@Hidden
	@GetMapping("/internal/v1/vehicles/{vin}/trips")
	List<Trip> localTrips(@PathVariable String vin) {
		ReadOnlyKeyValueStore<String, List<Trip>> store = this.instances.localStore(RulesTopology.TRIPS_STORE,
				QueryableStoreTypes.keyValueStore());
		return Optional.ofNullable(store.get(vin)).orElse(List.of());
	}

	@Hidden
	@GetMapping("/internal/v1/vehicles/{vin}/driving")
	DrivingTotals localTotals(@PathVariable String vin) {
		ReadOnlyKeyValueStore<String, VehicleAnalysisState> store = this.instances.localStore(RulesTopology.STATE_STORE,
				QueryableStoreTypes.keyValueStore());
		VehicleAnalysisState state = store.get(vin);
		return (state != null) ? state.totals() : new DrivingTotals(0, 0, 0, 0, 0);
	}

	private VehicleId known(String vin) {
		VehicleId vehicle = Vins.parse(vin);
		if (!this.access.canSee(vehicle) || !this.vehicles.exists(vehicle)) {
			throw new VehicleNotFoundException(vin);
		}
		return vehicle;
	}

}
