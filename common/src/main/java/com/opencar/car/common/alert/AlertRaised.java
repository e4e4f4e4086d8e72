package com.opencar.car.common.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.opencar.car.common.telemetry.Payloads;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * An alert about one car: the value of {@code vehicle.alerts.v1}.
 *
 * @param alertId unique, so consumers store it once
 * @param vin the car
 * @param type what was detected
 * @param severity how urgent
 * @param ts when the triggering sample was taken
 * @param data the evidence (measured value, threshold, position…)
 */
public record AlertRaised(UUID alertId, VehicleId vin, AlertType type, AlertSeverity severity, Instant ts,
		Map<String, Object> data) {

	public AlertRaised {
		Objects.requireNonNull(alertId, "alertId is required");
		Objects.requireNonNull(vin, "vin is required");
		Objects.requireNonNull(type, "type is required");
		Objects.requireNonNull(severity, "severity is required");
		Objects.requireNonNull(ts, "ts is required");
		data = Payloads.immutableCopy(data);
	}

}
