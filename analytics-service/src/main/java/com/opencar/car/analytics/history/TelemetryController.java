package com.opencar.car.analytics.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.api.InvalidQueryException;
import com.opencar.car.analytics.api.VehicleNotFoundException;
import com.opencar.car.analytics.api.Vins;
import com.opencar.car.analytics.vehicle.Vehicles;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.security.VehicleAccess;

@RestController
@Tag(name = "telemetry", description = "A vehicle's telemetry history in time buckets")
class TelemetryController {

	static final int MAX_SIGNALS = 10;

	private static final Pattern VSS_PATH = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");

	/** Without an interval, the range is cut into about this many buckets. */
	private static final int DEFAULT_BUCKETS = 120;

	private static final List<String> DEFAULT_SIGNALS = List.of(VssSignal.SPEED.path(),
			VssSignal.STATE_OF_CHARGE.path());

	private final TelemetryBuckets buckets;

	private final Vehicles vehicles;

	private final AnalyticsProperties.Api limits;

	private final Clock clock;

	private final VehicleAccess access;

	TelemetryController(TelemetryBuckets buckets, Vehicles vehicles, AnalyticsProperties properties, Clock clock,
			VehicleAccess access) {
		this.access = access;
		this.buckets = buckets;
		this.vehicles = vehicles;
		this.limits = properties.api();
		this.clock = clock;
	}

	@GetMapping("/api/v1/vehicles/{vin}/telemetry")
	@Operation(summary = "Minimum, mean and maximum of numeric signals per time bucket")
	TelemetryHistory telemetry(@PathVariable String vin,
			@Parameter(description = "Comma-separated VSS paths (default: speed and state of charge)") @RequestParam(
					required = false) String signals,
			@Parameter(description = "ISO-8601 instant, inclusive (default: an hour before 'to')") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@Parameter(description = "ISO-8601 instant, exclusive (default: now)") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@Parameter(description = "Bucket length, ISO-8601 (PT1M) or short (1m); default: the range in about "
					+ DEFAULT_BUCKETS + " buckets") @RequestParam(required = false) String interval) {
		VehicleId vehicle = Vins.parse(vin);
		List<String> paths = signals(signals);
		Instant end = (to != null) ? to : this.clock.instant();
		Instant start = (from != null) ? from : end.minus(Duration.ofHours(1));
		if (!start.isBefore(end)) {
			throw new InvalidQueryException("from", "from must be before to");
		}
		Duration range = Duration.between(start, end);
		if (range.compareTo(this.limits.maxRange()) > 0) {
			throw new InvalidQueryException("from",
					"The range " + range + " is longer than the allowed " + this.limits.maxRange());
		}
		Duration bucket = interval(interval, range);
		long count = (range.toMillis() + bucket.toMillis() - 1) / bucket.toMillis();
		if (count > this.limits.maxBuckets()) {
			throw new InvalidQueryException("interval", "An interval of " + bucket + " cuts the range into " + count
					+ " buckets; at most " + this.limits.maxBuckets() + " are allowed");
		}
		if (!this.access.canSee(vehicle) || !this.vehicles.exists(vehicle)) {
			throw new VehicleNotFoundException(vin);
		}
		return this.buckets.query(vehicle, paths, start, end, bucket);
	}

	private static List<String> signals(String signals) {
		if (signals == null || signals.isBlank()) {
			return DEFAULT_SIGNALS;
		}
		List<String> paths = Arrays.stream(signals.split(",")).map(String::trim).distinct().toList();
		if (paths.size() > MAX_SIGNALS) {
			throw new InvalidQueryException("signals", "At most " + MAX_SIGNALS + " signals per query");
		}
		for (String path : paths) {
			if (!VSS_PATH.matcher(path).matches()) {
				throw new InvalidQueryException("signals", "'" + path + "' is not a VSS path");
			}
		}
		return paths;
	}

	private static Duration interval(String interval, Duration range) {
		if (interval == null || interval.isBlank()) {
			long seconds = Math.max(1, (range.toSeconds() + DEFAULT_BUCKETS - 1) / DEFAULT_BUCKETS);
			return Duration.ofSeconds(seconds);
		}
		Duration parsed;
		try {
			parsed = DurationStyle.detectAndParse(interval);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidQueryException("interval", "'" + interval + "' is not a duration (PT1M or 1m)");
		}
		if (parsed.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new InvalidQueryException("interval", "The interval must be at least one second");
		}
		return parsed;
	}

}
