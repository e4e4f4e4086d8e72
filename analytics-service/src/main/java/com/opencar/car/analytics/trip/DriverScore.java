package com.opencar.car.analytics.trip;

import java.util.List;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.rules.VehicleAnalysisState.DrivingTotals;

/**
 * A driver behaviour score from 0 (worst) to 100 with how it came about.
 *
 * @param vin the car
 * @param score the score, or {@code null} while the car drove too little to judge
 * @param distanceKm distance driven
 * @param drivingMinutes time spent moving
 * @param harshBraking harsh braking events
 * @param harshAcceleration harsh acceleration events
 * @param harshEventsPer100Km both per 100 km
 * @param overspeedShare share of driving time over the speed limit, 0–1
 * @param explanation the score's deductions in words
 */
public record DriverScore(String vin, Double score, double distanceKm, double drivingMinutes, long harshBraking,
		long harshAcceleration, double harshEventsPer100Km, double overspeedShare, List<String> explanation) {

	static DriverScore of(String vin, DrivingTotals totals, AnalyticsProperties.Score rules) {
		double distance = round(totals.distanceKm());
		long harsh = totals.harshBraking() + totals.harshAcceleration();
		double per100Km = (totals.distanceKm() > 0) ? round(harsh * 100 / totals.distanceKm()) : 0;
		double share = (totals.drivingSeconds() > 0) ? round(totals.overspeedSeconds() / totals.drivingSeconds()) : 0;
		double minutes = round(totals.drivingSeconds() / 60);
		if (totals.distanceKm() < rules.minDistanceKm()) {
			return new DriverScore(vin, null, distance, minutes, totals.harshBraking(), totals.harshAcceleration(),
					per100Km, share,
					List.of("No score before " + rules.minDistanceKm() + " km of driving; " + distance + " km so far"));
		}
		double harshDeduction = round(per100Km * rules.harshEventPenalty());
		double speedDeduction = round(share * rules.overspeedPenalty());
		double score = round(Math.max(0, Math.min(100, 100 - harshDeduction - speedDeduction)));
		return new DriverScore(vin, score, distance, minutes, totals.harshBraking(), totals.harshAcceleration(),
				per100Km, share,
				List.of("Starts at 100",
						"−" + harshDeduction + " for " + per100Km + " harsh braking or acceleration events per 100 km ("
								+ harsh + " in " + distance + " km, " + rules.harshEventPenalty() + " points each)",
						"−" + speedDeduction + " for speeding " + Math.round(share * 100) + " % of the driving time ("
								+ rules.overspeedPenalty() + " points for speeding all the time)",
						"= " + score));
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
