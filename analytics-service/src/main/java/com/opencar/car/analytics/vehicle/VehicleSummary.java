package com.opencar.car.analytics.vehicle;

import java.time.Instant;

/**
 * A vehicle in the fleet listing: connectivity and its key signals.
 *
 * @param vin the car
 * @param name the name the registry gives it, if any
 * @param online whether it is connected
 * @param lastSeenAt the newest time anything arrived from it
 * @param lastSampleAt the sample time of its newest telemetry
 * @param speedKmh {@code Vehicle.Speed}
 * @param stateOfCharge {@code Vehicle.Powertrain.TractionBattery.StateOfCharge.Current}
 * @param charging {@code Vehicle.Powertrain.TractionBattery.Charging.IsCharging}
 * @param latitude {@code Vehicle.CurrentLocation.Latitude}
 * @param longitude {@code Vehicle.CurrentLocation.Longitude}
 */
public record VehicleSummary(String vin, String name, boolean online, Instant lastSeenAt, Instant lastSampleAt,
		Double speedKmh, Double stateOfCharge, Boolean charging, Double latitude, Double longitude) {

}
