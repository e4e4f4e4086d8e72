package com.opencar.car.analytics.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A vehicle's telemetry over a time range in equal buckets.
 *
 * @param vin the car
 * @param from the range's start, inclusive; the first bucket starts here
 * @param to the range's end, exclusive
 * @param interval the bucket length (ISO-8601)
 * @param signals the VSS paths aggregated
 * @param buckets the buckets holding at least one sample, oldest first
 */
public record TelemetryHistory(String vin, Instant from, Instant to, String interval, List<String> signals,
		List<Bucket> buckets) {

	/**
	 * @param start the bucket's start
	 * @param samples how many telemetry messages fell in it
	 * @param values per signal the minimum, mean and maximum; absent where no sample had
	 * a number for it
	 */
	public record Bucket(Instant start, long samples, Map<String, Aggregate> values) {

	}

	/**
	 * @param min the smallest value
	 * @param avg the mean
	 * @param max the largest value
	 */
	public record Aggregate(double min, double avg, double max) {

	}

}
