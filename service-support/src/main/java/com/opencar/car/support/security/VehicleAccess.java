package com.opencar.car.support.security;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.security.core.context.SecurityContextHolder;

import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.registry.VehicleDirectory;

/**
 * Object-level authorization: whether the current caller may see a vehicle, that is
 * whether the registry puts it in one of the caller's fleets. Callers answer "not found"
 * for a vehicle they may not see, so its existence does not leak.
 */
public class VehicleAccess {

	private final VehicleDirectory directory;

	public VehicleAccess(VehicleDirectory directory) {
		this.directory = directory;
	}

	/**
	 * @param vin a vehicle
	 * @return whether the current caller may see it
	 */
	public boolean canSee(VehicleId vin) {
		return visibility().test(vin);
	}

	/**
	 * @return whether the current caller may see a vehicle, as a test that keeps the
	 * caller's fleets for use on other threads (a live stream's events)
	 */
	public Predicate<VehicleId> visibility() {
		FleetScope scope = scope();
		if (scope.everyFleet()) {
			return (vin) -> true;
		}
		return (vin) -> this.directory.find(vin)
			.map((registration) -> scope.includes(registration.fleet()))
			.orElse(false);
	}

	/**
	 * @return the vehicles the current caller may see, or empty when it may see every
	 * vehicle (listings then need no filter)
	 */
	public Optional<Set<VehicleId>> visibleVehicles() {
		FleetScope scope = scope();
		if (scope.everyFleet()) {
			return Optional.empty();
		}
		return Optional.of(Set.copyOf(this.directory.vehiclesIn(scope.fleets())));
	}

	private static FleetScope scope() {
		return FleetScope.of(SecurityContextHolder.getContext().getAuthentication());
	}

}
