package com.opencar.car.analytics.api;

/**
 * No vehicle with this VIN has ever been seen. Answered with 404 problem details.
 */
public class VehicleNotFoundException extends RuntimeException {

	private final String vin;

	public VehicleNotFoundException(String vin) {
		super("No vehicle " + vin, null, false, false);
		this.vin = vin;
	}

	public String vin() {
		return this.vin;
	}

}
