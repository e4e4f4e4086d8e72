package com.opencar.car.analytics;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the analytics service, under {@code car.analytics}. Every rule
 * threshold lives here, documented once in the README's rule table.
 *
 * @param fleetMetrics windowed counts over the whole fleet
 * @param api limits of the read APIs
 * @param rules the alert rules' thresholds
 * @param trips how telemetry becomes trips
 * @param score how the driver score is computed
 * @param dashboard the browser dashboards
 * @param kafka the topics the service creates when they do not exist
 */
@ConfigurationProperties("car.analytics")
public record AnalyticsProperties(@DefaultValue FleetMetrics fleetMetrics, @DefaultValue Api api,
		@DefaultValue Rules rules, @DefaultValue Trips trips, @DefaultValue Score score,
		@DefaultValue Dashboard dashboard, @DefaultValue Kafka kafka) {

	/**
	 * @param window the size of a counting window
	 * @param grace how late a record may arrive and still be counted in its window
	 * @param retention how long windows are kept for queries
	 */
	public record FleetMetrics(@DefaultValue("1m") Duration window, @DefaultValue("30s") Duration grace,
			@DefaultValue("2h") Duration retention) {

	}

	/**
	 * @param maxRange the longest time range one telemetry query may cover
	 * @param maxBuckets the most time buckets one telemetry query may return
	 * @param maxPageSize the largest page a listing returns
	 * @param openAlertsWindow alerts raised within this window count as open in the fleet
	 * summary
	 */
	public record Api(@DefaultValue("31d") Duration maxRange, @DefaultValue("2000") int maxBuckets,
			@DefaultValue("500") int maxPageSize, @DefaultValue("24h") Duration openAlertsWindow) {

	}

	/**
	 * @param harshBrakingMs2 deceleration (positive, m/s²) at or above which braking is
	 * harsh
	 * @param harshAccelerationMs2 acceleration (m/s²) at or above which it is harsh
	 * @param overspeedKmh speed above which a car is speeding
	 * @param lowBatteryPercent state of charge below which the battery is low
	 * @param lowBatteryRearmPercent the state of charge a car must climb back over before
	 * the next low-battery alert (hysteresis)
	 * @param crashAccelerationMs2 acceleration magnitude (m/s²) at or above which a crash
	 * is assumed
	 * @param silentAfter an online car that sent nothing for this long is silent
	 * @param silentCheckInterval how often the silence rule looks (wall-clock)
	 * @param geofences the watched areas
	 */
	public record Rules(@DefaultValue("4.0") double harshBrakingMs2, @DefaultValue("3.5") double harshAccelerationMs2,
			@DefaultValue("130") double overspeedKmh, @DefaultValue("15") double lowBatteryPercent,
			@DefaultValue("20") double lowBatteryRearmPercent, @DefaultValue("39.2") double crashAccelerationMs2,
			@DefaultValue("5m") Duration silentAfter, @DefaultValue("30s") Duration silentCheckInterval,
			@DefaultValue List<Geofence> geofences) {

	}

	/**
	 * A watched area: a circle ({@code center} and {@code radiusMeters}) or a polygon
	 * ({@code polygon}, at least three points).
	 *
	 * @param name shown in alerts
	 * @param center the circle's centre
	 * @param radiusMeters the circle's radius
	 * @param polygon the polygon's corners, in order
	 */
	public record Geofence(String name, Point center, double radiusMeters, List<Point> polygon) {

		public Geofence {
			polygon = (polygon != null) ? List.copyOf(polygon) : List.of();
		}

	}

	/**
	 * @param latitude degrees
	 * @param longitude degrees
	 */
	public record Point(double latitude, double longitude) {

	}

	/**
	 * @param gap a trip ends when the car stood still or sent nothing for this long
	 * @param minDistanceKm shorter movements are not trips (manoeuvring)
	 * @param keep how many recent trips are kept per car
	 * @param closeCheckInterval how often trips of cars gone quiet are closed
	 * (wall-clock)
	 */
	public record Trips(@DefaultValue("5m") Duration gap, @DefaultValue("0.2") double minDistanceKm,
			@DefaultValue("50") int keep, @DefaultValue("30s") Duration closeCheckInterval) {

	}

	/**
	 * Score = 100 − harsh events per 100 km × {@code harshEventPenalty} − share of
	 * driving time over the speed limit × {@code overspeedPenalty}, clamped to 0–100.
	 *
	 * @param harshEventPenalty points per harsh event per 100 km
	 * @param overspeedPenalty points for speeding all the time (share 1.0)
	 * @param minDistanceKm below this distance no score is given (too little data)
	 */
	public record Score(@DefaultValue("5") double harshEventPenalty, @DefaultValue("100") double overspeedPenalty,
			@DefaultValue("1") double minDistanceKm) {

	}

	/**
	 * @param commandServiceUrl where the command panel sends commands
	 * @param tileUrl the map's tile URL template ({@code {z}/{x}/{y}}), OpenStreetMap's
	 * unless set (mind its usage policy; a fleet of operators should run or rent a tile
	 * server); empty draws positions and tracks without a basemap, and so does a map
	 * whose tiles cannot load, saying so
	 * @param tileAttribution the attribution the tile provider requires
	 * @param refreshInterval how often open dashboards receive fresh state
	 */
	public record Dashboard(@DefaultValue("http://localhost:8082") String commandServiceUrl,
			@DefaultValue("https://tile.openstreetmap.org/{z}/{x}/{y}.png") String tileUrl,
			@DefaultValue("&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors") String tileAttribution,
			@DefaultValue("2s") Duration refreshInterval) {

	}

	/**
	 * @param partitions partitions of the contract's topics when this service creates
	 * them (the same count as the ingest's, so one vehicle's telemetry, events and
	 * connectivity land in partitions of the same number and meet in one task)
	 */
	public record Kafka(@DefaultValue("4") int partitions) {

	}

}
