package com.opencar.car.analytics.vehicle;

import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
	@Operation(summary = "Lists vehicles with connectivity, last seen and key signals: searched by part of the VIN "
			+ "or name, filtered by state, sorted and paged by the database")
	Page<VehicleSummary> list(
			@Parameter(description = "only online (true) or offline (false) vehicles; "
					+ "status=online|offline says the same") @RequestParam(required = false) Boolean online,
			@Parameter(description = "part of the VIN or of the registered name") @RequestParam(
					required = false) String q,
			@Parameter(
					description = "online, offline, charging or alerting (an alert within the open-alerts window)") @RequestParam(
							required = false) String status,
			@Parameter(description = "vin, lastSeen, charge or speed; then by VIN") @RequestParam(
					required = false) String sort,
			@Parameter(description = "asc or desc") @RequestParam(required = false) String order,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (page < 0) {
			throw new InvalidQueryException("page", "page must not be negative");
		}
		if (size < 1 || size > this.maxPageSize) {
			throw new InvalidQueryException("size", "size must be between 1 and " + this.maxPageSize);
		}
		if (online != null && status != null && !status.isBlank()) {
			throw new InvalidQueryException("online", "give online or status, not both");
		}
		String wanted = (online != null) ? (online ? "online" : "offline") : status;
		VehicleQuery query = VehicleQuery.of(q, wanted, sort, order);
		Set<VehicleId> visible = this.access.visibleVehicles().orElse(null);
		return Page.of(this.vehicles.list(query, (long) page * size, size, visible), page, size,
				this.vehicles.count(query, visible));
	}

	@GetMapping("/{vin}")
	@Operation(summary = "The latest known state of one vehicle")
	VehicleState get(@PathVariable String vin) {
		return this.vehicles.find(Vins.parseVisible(vin, this.access))
			.orElseThrow(() -> new VehicleNotFoundException(vin));
	}

}
