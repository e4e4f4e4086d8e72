package com.opencar.car.common.telemetry;

import java.time.Instant;
import java.util.Map;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * One telemetry sample a car reported: the normalized value of
 * {@code vehicle.telemetry.v1}.
 *
 * @param vin the car
 * @param seq the car's own message counter, only growing; with {@code vin} it identifies
 * the message
 * @param ts when the car sampled the signals
 * @param signals VSS path to value (number, boolean, string or array of those)
 */
public record TelemetryReported(VehicleId vin, long seq, Instant ts, Map<String, Object> signals) {

	public TelemetryReported {
		Payloads.required(vin, "vin");
		Payloads.required(ts, "ts");
		if (seq < 0) {
			throw new IllegalArgumentException("seq must not be negative");
		}
		signals = Payloads.immutableCopy(signals);
	}

}
