package com.opencar.car.common.telemetry;

import java.time.Instant;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * A car came online or went offline (its retained status message or its Last Will): the
 * value of {@code vehicle.connectivity.v1}.
 *
 * @param vin the car
 * @param online whether it is connected
 * @param ts when the car says the change happened
 */
public record ConnectivityChanged(VehicleId vin, boolean online, Instant ts) {

	public ConnectivityChanged {
		Payloads.required(vin, "vin");
		Payloads.required(ts, "ts");
	}

}
