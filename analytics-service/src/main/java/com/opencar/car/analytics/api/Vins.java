package com.opencar.car.analytics.api;

import com.opencar.car.common.vehicle.VehicleId;

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

}
