package com.opencar.car.command.registry;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * The vehicle has been retired: it cannot be changed or commanded any more.
 */
public class RetiredVehicleException extends RuntimeException {

	private final VehicleId vin;

	public RetiredVehicleException(VehicleId vin) {
		super("Vehicle " + vin + " is retired", null, false, false);
		this.vin = vin;
	}

	public VehicleId vin() {
		return this.vin;
	}

}
