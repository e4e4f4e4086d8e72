package com.opencar.car.analytics.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.alert.Alerts;
import com.opencar.car.analytics.api.InvalidQueryException;
import com.opencar.car.analytics.api.VehicleNotFoundException;
import com.opencar.car.analytics.api.Vins;
import com.opencar.car.analytics.fleet.FleetOverview;
import com.opencar.car.analytics.vehicle.VehicleQuery;
import com.opencar.car.analytics.vehicle.VehicleState;
import com.opencar.car.analytics.vehicle.Vehicles;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.security.VehicleAccess;

/**
 * The browser dashboards: pages, the fragments htmx swaps in, the live event stream and
 * the command panel's relay. Charts and the map draw in the browser from the JSON APIs.
 */
@Controller
class DashboardController {

	private static final int TABLE_SIZE = 50;

	private static final int FEED_SIZE = 20;

	private final Vehicles vehicles;

	private final FleetOverview fleet;

	private final Alerts alerts;

	private final LiveUpdates updates;

	private final CommandRelay commands;

	private final AnalyticsProperties.Dashboard dashboard;

	private final Clock clock;

	private final VehicleAccess access;

	private final Duration openAlertsWindow;

	DashboardController(Vehicles vehicles, FleetOverview fleet, Alerts alerts, LiveUpdates updates,
			CommandRelay commands, AnalyticsProperties properties, Clock clock, VehicleAccess access) {
		this.access = access;
		this.vehicles = vehicles;
		this.fleet = fleet;
		this.alerts = alerts;
		this.updates = updates;
		this.commands = commands;
		this.dashboard = properties.dashboard();
		this.openAlertsWindow = properties.api().openAlertsWindow();
		this.clock = clock;
	}

	@GetMapping("/")
	String fleet(Model model) {
		model.addAttribute("dashboard", this.dashboard);
		model.addAttribute("alertTypes", Arrays.asList(AlertType.values()));
		return "fleet";
	}

	@GetMapping("/ui/fleet/counters")
	String counters(Model model) {
		model.addAttribute("summary", this.fleet.summary(visible()));
		return "fragments :: counters";
	}

	/**
	 * One page of the fleet table: searched, filtered, sorted and paged in the database,
	 * the same query as the API's.
	 */
	@GetMapping("/ui/fleet/vehicles")
	String vehicleTable(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String order,
			@RequestParam(defaultValue = "0") int page, Model model) {
		VehicleQuery query = VehicleQuery.of(q, status, sort, order);
		Set<VehicleId> visible = visible();
		long total = this.vehicles.count(query, visible);
		int pages = (int) Math.max(1, (total + TABLE_SIZE - 1) / TABLE_SIZE);
		int shown = Math.min(Math.max(page, 0), pages - 1);
		model.addAttribute("vehicles", this.vehicles.list(query, (long) shown * TABLE_SIZE, TABLE_SIZE, visible));
		model.addAttribute("total", total);
		model.addAttribute("page", shown);
		model.addAttribute("pages", pages);
		model.addAttribute("first", (long) shown * TABLE_SIZE + 1);
		model.addAttribute("sort", query.sort().parameter());
		model.addAttribute("descending", query.descending());
		return "fragments :: vehicles";
	}

	@GetMapping("/ui/alerts")
	String alertFeed(@RequestParam(required = false) String vin, @RequestParam(required = false) String type,
			Model model) {
		AlertType wanted = null;
		if (type != null && !type.isBlank()) {
			wanted = Arrays.stream(AlertType.values())
				.filter((candidate) -> candidate.name().equals(type))
				.findFirst()
				.orElseThrow(() -> new InvalidQueryException("type",
						"type must be one of " + Arrays.toString(AlertType.values())));
		}
		model.addAttribute("alerts", this.alerts.find((vin != null) ? Vins.parseVisible(vin, this.access) : null,
				wanted, this.clock.instant().minus(this.openAlertsWindow), FEED_SIZE, visible()));
		model.addAttribute("window", this.openAlertsWindow.toHours());
		return "fragments :: alerts";
	}

	/**
	 * The car's recent commands from the command service; the event stream updates them.
	 */
	@GetMapping("/ui/vehicles/{vin}/commands")
	String recentCommands(@PathVariable String vin, Model model) {
		Vins.parseVisible(vin, this.access);
		CommandRelay.Recent recent = this.commands.recent(vin, FEED_SIZE);
		model.addAttribute("recent", recent.commands());
		model.addAttribute("problem", recent.problem());
		return "fragments :: recentCommands";
	}

	@GetMapping("/vehicles/{vin}")
	String vehicle(@PathVariable String vin, Model model) {
		VehicleState state = this.vehicles.find(Vins.parseVisible(vin, this.access))
			.orElseThrow(() -> new VehicleNotFoundException(vin));
		model.addAttribute("vehicle", state);
		model.addAttribute("dashboard", this.dashboard);
		model.addAttribute("commandTypes", Arrays.asList(CommandType.values()));
		return "vehicle";
	}

	@GetMapping("/ui/vehicles/{vin}/signals")
	String signals(@PathVariable String vin, Model model) {
		VehicleState vehicle = this.vehicles.find(Vins.parseVisible(vin, this.access))
			.orElseThrow(() -> new VehicleNotFoundException(vin));
		model.addAttribute("vehicle", vehicle);
		model.addAttribute("groups", SignalGroups.of(vehicle.signals()));
		return "fragments :: signals";
	}

	@PostMapping("/ui/vehicles/{vin}/commands")
	String sendCommand(@PathVariable String vin, @RequestParam CommandType type,
			@RequestParam(required = false) Double value, Model model) {
		Vins.parseVisible(vin, this.access);
		CommandRelay.Answer answer = this.commands.send(vin, type, value);
		model.addAttribute("type", type);
		model.addAttribute("accepted", answer.accepted());
		model.addAttribute("httpStatus", answer.status().value());
		model.addAttribute("commandId", answer.body().get("id"));
		model.addAttribute("createdAt", answer.body().get("createdAt"));
		model.addAttribute("status", answer.body().get("status"));
		model.addAttribute("detail", answer.body().get("detail"));
		return "fragments :: command";
	}

	@GetMapping(path = "/ui/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> events(@RequestParam(required = false) String vin) {
		return ResponseEntity.ok()
			// proxies must not buffer the stream
			.header("X-Accel-Buffering", "no")
			.body(this.updates.subscribe((vin != null) ? Vins.parseVisible(vin, this.access).value() : null,
					this.access.visibility()));
	}

	/** The caller's vehicles, {@code null} for every vehicle. */
	private Set<VehicleId> visible() {
		return this.access.visibleVehicles().orElse(null);
	}

}
