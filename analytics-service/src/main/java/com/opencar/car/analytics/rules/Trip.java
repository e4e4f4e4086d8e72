package com.opencar.car.analytics.rules;

import java.time.Instant;

/**
 * A finished trip: a run of driving without a stop longer than the configured gap.
 *
 * @param vin the car
 * @param start sample time of the first moving sample
 * @param end sample time of the last moving sample
 * @param durationSeconds end minus start
 * @param distanceKm distance driven (odometer where reported, otherwise from positions or
 * speed)
 * @param maxSpeedKmh highest speed
 * @param averageSpeedKmh mean speed while moving
 * @param energyUsedPercent state of charge at the start minus at the end, if reported
 * @param harshEvents harsh braking and acceleration events
 */
public record Trip(String vin, Instant start, Instant end, long durationSeconds, double distanceKm, double maxSpeedKmh,
		double averageSpeedKmh, Double energyUsedPercent, int harshEvents) {

}
