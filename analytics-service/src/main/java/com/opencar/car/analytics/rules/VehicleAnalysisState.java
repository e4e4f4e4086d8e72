package com.opencar.car.analytics.rules;

import java.time.Instant;
import java.util.Set;

/**
 * What the rules remember about one vehicle between its messages, kept in the
 * {@code vehicle-analysis} state store (changelogged by Kafka Streams, so it survives
 * restarts and moves with the vehicle's partition).
 *
 * @param lastSampleAt sample time of the newest telemetry
 * @param lastSpeedKmh its speed
 * @param lastLatitude its latitude
 * @param lastLongitude its longitude
 * @param lastSeenAt wall-clock time anything last arrived from the car
 * @param online connectivity as last reported
 * @param silentAlerted a silence alert was raised and nothing arrived since
 * @param speeding over the speed limit at the last sample
 * @param braking braking harshly at the last sample
 * @param accelerating accelerating harshly at the last sample
 * @param crashing acceleration over the crash threshold at the last sample
 * @param lowBattery a low-battery alert was raised and the charge has not recovered
 * @param insideGeofences the geofences the car was in at the last sample
 * @param trip the trip in progress, if any
 * @param totals driving totals for the driver score
 */
public record VehicleAnalysisState(Instant lastSampleAt, Double lastSpeedKmh, Double lastLatitude, Double lastLongitude,
		Instant lastSeenAt, boolean online, boolean silentAlerted, boolean speeding, boolean braking,
		boolean accelerating, boolean crashing, boolean lowBattery, Set<String> insideGeofences, OpenTrip trip,
		DrivingTotals totals) {

	public VehicleAnalysisState {
		insideGeofences = (insideGeofences != null) ? Set.copyOf(insideGeofences) : Set.of();
		totals = (totals != null) ? totals : DrivingTotals.NONE;
	}

	static VehicleAnalysisState initial() {
		return new VehicleAnalysisState(null, null, null, null, null, false, false, false, false, false, false, false,
				Set.of(), null, DrivingTotals.NONE);
	}

	/**
	 * A trip in progress.
	 *
	 * @param start sample time of its first moving sample
	 * @param lastMovingAt sample time of its latest moving sample
	 * @param distanceKm distance so far
	 * @param maxSpeedKmh highest speed so far
	 * @param movingSeconds time spent moving
	 * @param speedSeconds speed integrated over moving time (km/h × s), for the mean
	 * @param startStateOfCharge state of charge at the start, if reported
	 * @param lastStateOfCharge latest state of charge, if reported
	 * @param harshEvents harsh braking and acceleration events during the trip
	 */
	public record OpenTrip(Instant start, Instant lastMovingAt, double distanceKm, double maxSpeedKmh,
			double movingSeconds, double speedSeconds, Double startStateOfCharge, Double lastStateOfCharge,
			int harshEvents) {

	}

	/**
	 * Driving since the vehicle was first seen, for the driver score.
	 *
	 * @param distanceKm distance driven
	 * @param drivingSeconds time spent moving
	 * @param overspeedSeconds of which over the speed limit
	 * @param harshBraking harsh braking events
	 * @param harshAcceleration harsh acceleration events
	 */
	public record DrivingTotals(double distanceKm, double drivingSeconds, double overspeedSeconds, long harshBraking,
			long harshAcceleration) {

		static final DrivingTotals NONE = new DrivingTotals(0, 0, 0, 0, 0);

	}

}
