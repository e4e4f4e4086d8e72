package com.opencar.car.analytics.rules;

import java.util.List;

import com.opencar.car.analytics.AnalyticsProperties.Geofence;
import com.opencar.car.analytics.AnalyticsProperties.Point;

/**
 * Distances on the earth and geofence containment.
 */
final class Geo {

	private static final double EARTH_RADIUS_KM = 6371.0088;

	private Geo() {
	}

	/** Great-circle distance (haversine) in kilometres. */
	static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
		double dLat = Math.toRadians(lat2 - lat1);
		double dLon = Math.toRadians(lon2 - lon1);
		double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
				* Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
		return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
	}

	/**
	 * Circles by great-circle distance from the centre; polygons by ray casting on
	 * latitude and longitude, exact enough for areas of city size away from the poles and
	 * the antimeridian.
	 */
	static boolean contains(Geofence fence, double latitude, double longitude) {
		if (fence.center() != null) {
			return distanceKm(fence.center().latitude(), fence.center().longitude(), latitude, longitude)
					* 1000 <= fence.radiusMeters();
		}
		List<Point> polygon = fence.polygon();
		boolean inside = false;
		for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
			Point a = polygon.get(i);
			Point b = polygon.get(j);
			if ((a.latitude() > latitude) != (b.latitude() > latitude) && longitude < (b.longitude() - a.longitude())
					* (latitude - a.latitude()) / (b.latitude() - a.latitude()) + a.longitude()) {
				inside = !inside;
			}
		}
		return inside;
	}

}
