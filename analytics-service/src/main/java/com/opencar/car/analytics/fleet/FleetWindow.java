package com.opencar.car.analytics.fleet;

import java.time.Instant;

/**
 * Telemetry counted over one window of the fleet metrics.
 *
 * @param start the window's start
 * @param end the window's end, exclusive
 * @param messages telemetry messages sampled in it
 * @param activeVehicles vehicles that sent at least one
 */
public record FleetWindow(Instant start, Instant end, long messages, long activeVehicles) {

	FleetWindow plus(FleetWindow other) {
		return new FleetWindow(this.start, this.end, this.messages + other.messages,
				this.activeVehicles + other.activeVehicles);
	}

}
