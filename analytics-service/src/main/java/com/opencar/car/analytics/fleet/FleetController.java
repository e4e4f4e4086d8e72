package com.opencar.car.analytics.fleet;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.opencar.car.support.security.VehicleAccess;

@RestController
@Tag(name = "fleet", description = "The fleet at a glance")
class FleetController {

	private final FleetOverview overview;

	private final FleetMetrics metrics;

	private final VehicleAccess access;

	FleetController(FleetOverview overview, FleetMetrics metrics, VehicleAccess access) {
		this.access = access;
		this.overview = overview;
		this.metrics = metrics;
	}

	@GetMapping("/api/v1/fleet/summary")
	@Operation(summary = "Vehicle counts, charging, mean state of charge, telemetry rate and open alerts")
	FleetSummary summary() {
		return this.overview.summary(this.access.visibleVehicles().orElse(null));
	}

	/** This instance's part of a window, for the instance answering a fleet summary. */
	@Hidden
	@GetMapping("/internal/v1/fleet-window")
	FleetWindow localWindow(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant start) {
		return this.metrics.localWindow(start);
	}

}
