package com.opencar.car.analytics.api;

import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.security.VehicleAccess;

/**
 * Checks VINs taken from requests.
 */
public final class Vins {

	private Vins() {
	}

	/**
	 * @param vin a VIN from a path or query
	 * @return the VIN
	 * @throws InvalidQueryException if it is not a 17-character ISO 3779 VIN
	 */
	public static VehicleId parse(String vin) {
		if (!VehicleId.isValid(vin)) {
			throw new InvalidQueryException("vin",
					"'" + vin + "' is not a VIN (17 characters, digits and capital " + "letters without I, O and Q)");
		}
		return VehicleId.of(vin);
	}

	/**
	 * @param vin a VIN from a path or query
	 * @param access the caller's access
	 * @return the VIN, when the caller may see the vehicle
	 * @throws InvalidQueryException if it is not a VIN
	 * @throws VehicleNotFoundException if the vehicle is outside the caller's fleets:
	 * exactly as if it did not exist
	 */
	public static VehicleId parseVisible(String vin, VehicleAccess access) {
		VehicleId vehicle = parse(vin);
		if (!access.canSee(vehicle)) {
			throw new VehicleNotFoundException(vin);
		}
		return vehicle;
	}

}
