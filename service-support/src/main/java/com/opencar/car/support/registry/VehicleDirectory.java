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

	/**
	 * @param text part of a name
	 * @return the VINs of every vehicle whose display name contains the text, ignoring
	 * case
	 */
	Collection<VehicleId> named(String text);

}
