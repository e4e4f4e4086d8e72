package com.opencar.car.common.telemetry;

import java.time.Instant;
import java.util.Map;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * A discrete event a car reported (diagnostic trouble code, crash, airbag, door…): the
 * normalized value of {@code vehicle.events.v1}.
 *
 * @param vin the car
 * @param seq the car's message counter
 * @param ts when it happened on the car
 * @param type the event type, for example {@code DTC} or {@code CRASH}; open-ended
 * @param data event details
 */
public record VehicleEventReported(VehicleId vin, long seq, Instant ts, String type, Map<String, Object> data) {

	public VehicleEventReported {
		Payloads.required(vin, "vin");
		Payloads.required(ts, "ts");
		Payloads.required(type, "type");
		if (seq < 0) {
			throw new IllegalArgumentException("seq must not be negative");
		}
		data = Payloads.immutableCopy(data);
	}

}
