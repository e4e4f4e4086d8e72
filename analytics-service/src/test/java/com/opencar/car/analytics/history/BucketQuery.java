package com.opencar.car.analytics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.context.ApplicationContext;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * The telemetry endpoint's query without the endpoint: for the analytics benchmark's
 * ceiling.
 */
public final class BucketQuery {

	private final TelemetryBuckets buckets;

	public BucketQuery(ApplicationContext context) {
		this.buckets = context.getBean(TelemetryBuckets.class);
	}

	/**
	 * @return the buckets, as the endpoint's query makes them
	 */
	public TelemetryHistory query(VehicleId vin, List<String> signals, Instant from, Instant to, Duration interval) {
		return this.buckets.query(vin, signals, from, to, interval);
	}

}
