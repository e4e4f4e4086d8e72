package com.opencar.car.support.registry;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Looks vehicles up in the registry.
 */
public interface VehicleDirectory {

	/**
	 * @param vin the vehicle
	 * @return its registration, empty if it was never registered
	 */
	Optional<VehicleRegistration> find(VehicleId vin);

	/**
	 * @param fleets fleet names
	 * @return the VINs of every vehicle registered in one of them, retired ones included
	 */
	Collection<VehicleId> vehiclesIn(Set<String> fleets);

}
