package com.opencar.car.analytics.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.api.InvalidQueryException;
import com.opencar.car.analytics.api.Vins;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.security.VehicleAccess;

@RestController
@Tag(name = "alerts", description = "Alerts raised by the real-time rules")
class AlertController {

	private final Alerts alerts;

	private final AnalyticsProperties.Api limits;

	private final Clock clock;

	private final VehicleAccess access;

	AlertController(Alerts alerts, AnalyticsProperties properties, Clock clock, VehicleAccess access) {
		this.access = access;
		this.alerts = alerts;
		this.limits = properties.api();
		this.clock = clock;
	}

	@GetMapping("/api/v1/alerts")
	@Operation(summary = "Alerts, newest first")
	List<AlertView> alerts(@RequestParam(required = false) String vin, @RequestParam(required = false) AlertType type,
			@Parameter(description = "ISO-8601 instant (default: 24 hours ago)") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
			@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > this.limits.maxPageSize()) {
			throw new InvalidQueryException("limit", "limit must be between 1 and " + this.limits.maxPageSize());
		}
		Instant start = (since != null) ? since : this.clock.instant().minus(Duration.ofHours(24));
		VehicleId vehicle = (vin != null) ? Vins.parseVisible(vin, this.access) : null;
		return this.alerts.find(vehicle, type, start, limit, this.access.visibleVehicles().orElse(null));
	}

}
