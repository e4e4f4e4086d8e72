package com.opencar.car.analytics.vehicle;

import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.api.InvalidQueryException;
import com.opencar.car.analytics.api.Page;
import com.opencar.car.analytics.api.VehicleNotFoundException;
import com.opencar.car.analytics.api.Vins;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.security.VehicleAccess;

@RestController
@RequestMapping("/api/v1/vehicles")
@Tag(name = "vehicles", description = "The fleet's vehicles and their latest state")
class VehicleController {

	private final Vehicles vehicles;

	private final int maxPageSize;

	private final VehicleAccess access;

	VehicleController(Vehicles vehicles, AnalyticsProperties properties, VehicleAccess access) {
		this.access = access;
		this.vehicles = vehicles;
		this.maxPageSize = properties.api().maxPageSize();
	}

	@GetMapping
	@Operation(summary = "Lists vehicles by VIN with connectivity, last seen and key signals")
	Page<VehicleSummary> list(@RequestParam(required = false) Boolean online,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (page < 0) {
			throw new InvalidQueryException("page", "page must not be negative");
		}
		if (size < 1 || size > this.maxPageSize) {
			throw new InvalidQueryException("size", "size must be between 1 and " + this.maxPageSize);
		}
		Set<VehicleId> visible = this.access.visibleVehicles().orElse(null);
		return Page.of(this.vehicles.list(online, (long) page * size, size, visible), page, size,
				this.vehicles.count(online, visible));
	}

	@GetMapping("/{vin}")
	@Operation(summary = "The latest known state of one vehicle")
	VehicleState get(@PathVariable String vin) {
		return this.vehicles.find(Vins.parseVisible(vin, this.access))
			.orElseThrow(() -> new VehicleNotFoundException(vin));
	}

}
