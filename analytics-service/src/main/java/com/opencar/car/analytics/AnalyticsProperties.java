package com.opencar.car.analytics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the analytics service, under {@code car.analytics}.
 *
 * @param fleetMetrics windowed counts over the whole fleet
 */
@ConfigurationProperties("car.analytics")
public record AnalyticsProperties(@DefaultValue FleetMetrics fleetMetrics) {

	/**
	 * @param window the size of a counting window
	 * @param grace how late a record may arrive and still be counted in its window
	 * @param retention how long windows are kept for queries
	 */
	public record FleetMetrics(@DefaultValue("1m") Duration window, @DefaultValue("30s") Duration grace,
			@DefaultValue("2h") Duration retention) {

	}

}
