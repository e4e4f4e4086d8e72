package com.opencar.car.analytics.vehicle;

import java.time.Instant;
import java.util.Map;

/**
 * The latest known state of one vehicle.
 *
 * @param vin the car
 * @param online whether it is connected
 * @param connectivityChangedAt when it last came online or went offline
 * @param lastSeenAt the newest time anything arrived from it
 * @param lastSampleAt the sample time of the newest telemetry merged into the signals
 * @param lastSeq that telemetry's sequence number
 * @param signals VSS path to latest value
 */
public record VehicleState(String vin, boolean online, Instant connectivityChangedAt, Instant lastSeenAt,
		Instant lastSampleAt, Long lastSeq, Map<String, Object> signals) {

}
