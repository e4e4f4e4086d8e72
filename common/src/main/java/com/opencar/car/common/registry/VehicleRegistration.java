package com.opencar.car.common.registry;

import java.time.Instant;

import com.opencar.car.common.telemetry.Payloads;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * A vehicle as the registry knows it: the value of {@code vehicle.registry.v1}, keyed by
 * VIN, compacted to the latest registration of each vehicle.
 *
 * @param vin the vehicle
 * @param fleet the fleet it belongs to: who may see it and send it commands
 * @param model its model, free text
 * @param displayName the name people know it by
 * @param credentials whether its broker credentials are to be accepted
 * @param retired whether it has left service (kept so its history stays with its fleet)
 * @param updatedAt when the registry last changed it
 */
public record VehicleRegistration(VehicleId vin, String fleet, String model, String displayName,
		CredentialsStatus credentials, boolean retired, Instant updatedAt) {

	public VehicleRegistration {
		Payloads.required(vin, "vin");
		Payloads.required(fleet, "fleet");
		Payloads.required(credentials, "credentials");
		Payloads.required(updatedAt, "updatedAt");
	}

}
