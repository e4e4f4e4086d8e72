package com.opencar.car.store.state;

import java.time.Instant;
import java.util.Map;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * What one telemetry message contributes to its vehicle's latest state.
 *
 * @param vin the car
 * @param seq its sequence number
 * @param sampledAt when the car sampled the signals
 * @param seenAt when the platform received the message
 * @param signals the signal values
 */
public record StateUpdate(VehicleId vin, long seq, Instant sampledAt, Instant seenAt, Map<String, Object> signals) {

}
