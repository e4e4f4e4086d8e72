package com.opencar.car.command.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.opencar.car.command.api.CommandProblem;
import com.opencar.car.common.registry.CredentialsStatus;
import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.security.FleetScope;

/**
 * Admin endpoints of the vehicle registry. An admin manages the vehicles of the fleets in
 * its token: another fleet's vehicle is "not found", and moving or registering a vehicle
 * into a fleet outside the token is forbidden.
 */
@RestController
@RequestMapping("/api/v1/registry/vehicles")
class RegistryController {

	private static final Pattern FLEET = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final int MAX_TEXT = 100;

	private static final int MAX_PAGE_SIZE = 500;

	private final Registry registry;

	RegistryController(Registry registry) {
		this.registry = registry;
	}

	@PostMapping
	ResponseEntity<?> register(@RequestBody RegistrationRequest request) {
		List<Map<String, String>> errors = validate(request);
		if (!VehicleId.isValid(request.vin())) {
			errors.add(error("vin", "is not a valid VIN"));
		}
		if (!errors.isEmpty()) {
			return invalid(errors);
		}
		if (!scope().includes(request.fleet())) {
			return fleetForbidden(request.fleet());
		}
		VehicleRegistration registered = this.registry.register(VehicleId.of(request.vin()), request.fleet(),
				request.model(), request.displayName());
		return ResponseEntity.created(URI.create("/api/v1/registry/vehicles/" + registered.vin())).body(registered);
	}

	@GetMapping
	ResponseEntity<?> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			return invalid(List.of(error("page/size", "page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE)));
		}
		FleetScope scope = scope();
		Page<VehicleRegistration> vehicles = this.registry
			.list(scope.everyFleet() ? Optional.empty() : Optional.of(scope.fleets()), PageRequest.of(page, size));
		return ResponseEntity.ok(Map.of("content", vehicles.getContent(), "page", page, "size", size, "totalElements",
				vehicles.getTotalElements(), "totalPages", vehicles.getTotalPages()));
	}

	@GetMapping("/{vin}")
	ResponseEntity<?> get(@PathVariable String vin) {
		return visible(vin).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(vin));
	}

	@PutMapping("/{vin}")
	ResponseEntity<?> update(@PathVariable String vin, @RequestBody RegistrationRequest request) {
		if (visible(vin).isEmpty()) {
			return notFound(vin);
		}
		List<Map<String, String>> errors = validate(request);
		if (request.credentials() == null) {
			errors.add(error("credentials", "is required: one of PENDING, ACTIVE, REVOKED"));
		}
		if (!errors.isEmpty()) {
			return invalid(errors);
		}
		if (!scope().includes(request.fleet())) {
			return fleetForbidden(request.fleet());
		}
		try {
			return this.registry
				.update(VehicleId.of(vin), request.fleet(), request.model(), request.displayName(),
						request.credentials())
				.<ResponseEntity<?>>map(ResponseEntity::ok)
				.orElseGet(() -> notFound(vin));
		}
		catch (IllegalArgumentException ex) {
			return invalid(List.of(error("credentials", ex.getMessage())));
		}
	}

	/** Retires the vehicle: credentials revoked, no more commands, history kept. */
	@DeleteMapping("/{vin}")
	ResponseEntity<?> retire(@PathVariable String vin) {
		if (visible(vin).isEmpty()) {
			return notFound(vin);
		}
		return this.registry.retire(VehicleId.of(vin))
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> notFound(vin));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> onRegistered(Registry.AlreadyRegisteredException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(CommandProblem.of(HttpStatus.CONFLICT, "vehicle-registered", "Already registered", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> onRetired(RetiredVehicleException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(CommandProblem.of(HttpStatus.CONFLICT, "vehicle-retired", "Vehicle retired",
					"Vehicle " + ex.vin() + " is retired and can no longer be changed"));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> onUnavailable(Registry.RegistryUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(CommandProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "registry-unavailable", "Registry unavailable",
					"The change could not be published and was not made; try again"));
	}

	private Optional<VehicleRegistration> visible(String vin) {
		if (!VehicleId.isValid(vin)) {
			return Optional.empty();
		}
		FleetScope scope = scope();
		return this.registry.find(VehicleId.of(vin)).filter((registration) -> scope.includes(registration.fleet()));
	}

	private static List<Map<String, String>> validate(RegistrationRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		if (request.fleet() == null || !FLEET.matcher(request.fleet()).matches()) {
			errors.add(error("fleet", "is required: 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'"));
		}
		if (request.model() != null && request.model().length() > MAX_TEXT) {
			errors.add(error("model", "must have at most " + MAX_TEXT + " characters"));
		}
		if (request.displayName() != null && request.displayName().length() > MAX_TEXT) {
			errors.add(error("displayName", "must have at most " + MAX_TEXT + " characters"));
		}
		return errors;
	}

	private static FleetScope scope() {
		return FleetScope.of(SecurityContextHolder.getContext().getAuthentication());
	}

	private static ResponseEntity<?> invalid(List<Map<String, String>> errors) {
		ProblemDetail problem = CommandProblem.of(HttpStatus.BAD_REQUEST, "invalid-registration",
				"Invalid registration", "The registration has " + errors.size() + " invalid field(s)");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	private static ResponseEntity<?> fleetForbidden(String fleet) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN)
			.body(CommandProblem.of(HttpStatus.FORBIDDEN, "fleet-forbidden", "Not your fleet",
					"The token does not grant the fleet '" + fleet + "'"));
	}

	private static ResponseEntity<?> notFound(String vin) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(CommandProblem.of(HttpStatus.NOT_FOUND, "vehicle-not-found", "No such vehicle",
					"There is no registered vehicle " + (VehicleId.isValid(vin) ? vin : "with that VIN")));
	}

	private static Map<String, String> error(String field, String message) {
		return Map.of("field", field, "message", message);
	}

}
