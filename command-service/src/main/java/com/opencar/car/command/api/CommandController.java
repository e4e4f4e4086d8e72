package com.opencar.car.command.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.opencar.car.command.catalogue.CommandCatalogue;
import com.opencar.car.command.delivery.CommandDelivery;
import com.opencar.car.command.delivery.IllegalTransitionException;
import com.opencar.car.command.events.TransitionStreams;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.registry.VehicleDirectory;
import com.opencar.car.support.security.VehicleAccess;

/**
 * Commands for cars. Every error is a problem detail; a bad request lists each invalid
 * field at once. A vehicle, or a command for a vehicle, outside the caller's fleets is
 * "not found", exactly like one that does not exist.
 */
@RestController
@RequestMapping("/api/v1")
class CommandController {

	private static final int MAX_PAGE_SIZE = 200;

	private final Commands commands;

	private final CommandCatalogue catalogue;

	private final VehicleJson json;

	private final TransitionStreams streams;

	private final VehicleAccess access;

	private final VehicleDirectory directory;

	CommandController(Commands commands, CommandCatalogue catalogue, VehicleJson json, TransitionStreams streams,
			VehicleAccess access, VehicleDirectory directory) {
		this.commands = commands;
		this.streams = streams;
		this.catalogue = catalogue;
		this.json = json;
		this.access = access;
		this.directory = directory;
	}

	@PostMapping("/vehicles/{vin}/commands")
	ResponseEntity<?> create(@PathVariable String vin, @RequestBody CreateCommandRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		List<Map<String, String>> errors = new ArrayList<>();
		if (!VehicleId.isValid(vin)) {
			errors.add(error("vin", "is not a valid VIN"));
		}
		CommandType type = type(request.type(), errors);
		int timeout = (request.timeoutSeconds() != null) ? request.timeoutSeconds() : 30;
		if (timeout < 5 || timeout > 300) {
			errors.add(error("timeoutSeconds", "must be between 5 and 300"));
		}
		int ttl = (request.ttlSeconds() != null) ? request.ttlSeconds() : 3600;
		if (ttl < 1 || ttl > Duration.ofDays(7).toSeconds()) {
			errors.add(error("ttlSeconds", "must be between 1 and 604800"));
		}
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
			errors.add(error("Idempotency-Key", "must have 1 to 200 characters"));
		}
		if (type != null) {
			this.catalogue.validate(type, request.params())
				.forEach((param) -> errors.add(error(param.field(), param.message())));
		}
		if (!errors.isEmpty()) {
			return ResponseEntity.badRequest().body(CommandProblem.invalid(errors));
		}
		if (!this.access.canSee(VehicleId.of(vin))) {
			return vehicleNotFound(vin);
		}
		if (this.directory.find(VehicleId.of(vin)).filter(VehicleRegistration::retired).isPresent()) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(CommandProblem.of(HttpStatus.CONFLICT, "vehicle-retired", "Vehicle retired",
						"Vehicle " + vin + " is retired and takes no commands"));
		}
		Map<String, Object> params = (request.params() != null) ? request.params() : Map.of();
		Commands.Created created = this.commands.create(VehicleId.of(vin), type,
				new String(this.json.write(params), StandardCharsets.UTF_8), Duration.ofSeconds(timeout),
				Duration.ofSeconds(ttl), idempotencyKey);
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/commands/" + created.command().id()))
			.body(view(created.command()));
	}

	@GetMapping("/commands/{id}")
	ResponseEntity<?> get(@PathVariable UUID id) {
		return visible(id).<ResponseEntity<?>>map((command) -> ResponseEntity.ok(view(command)))
			.orElseGet(() -> notFound(id));
	}

	@GetMapping("/vehicles/{vin}/commands")
	ResponseEntity<?> list(@PathVariable String vin, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		List<Map<String, String>> errors = new ArrayList<>();
		if (!VehicleId.isValid(vin)) {
			errors.add(error("vin", "is not a valid VIN"));
		}
		CommandStatus wanted = null;
		if (status != null) {
			try {
				wanted = CommandStatus.valueOf(status);
			}
			catch (IllegalArgumentException ex) {
				errors.add(error("status", "must be one of " + Arrays.toString(CommandStatus.values())));
			}
		}
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			errors.add(error("page/size", "page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE));
		}
		if (!errors.isEmpty()) {
			return ResponseEntity.badRequest().body(CommandProblem.invalid(errors));
		}
		if (!this.access.canSee(VehicleId.of(vin))) {
			return vehicleNotFound(vin);
		}
		Page<CommandDelivery> commands = this.commands.list(VehicleId.of(vin), wanted, PageRequest.of(page, size));
		return ResponseEntity
			.ok(Map.of("content", commands.getContent().stream().map(this::view).toList(), "page", page, "size", size,
					"totalElements", commands.getTotalElements(), "totalPages", commands.getTotalPages()));
	}

	/**
	 * The command's transitions as server-sent events: its history first, then each new
	 * one; the stream ends with the terminal one. Reconnect with {@code Last-Event-ID} to
	 * resume.
	 */
	@GetMapping("/commands/{id}/events")
	ResponseEntity<SseEmitter> events(@PathVariable UUID id,
			@RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
		CommandDelivery command = visible(id).orElseThrow(() -> new CommandNotFoundException(id));
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			// proxies must not buffer the stream
			.header("X-Accel-Buffering", "no")
			.body(this.streams.open(id, lastEventId, command.status().isTerminal()));
	}

	@DeleteMapping("/commands/{id}")
	ResponseEntity<?> cancel(@PathVariable UUID id) {
		if (visible(id).isEmpty()) {
			return notFound(id);
		}
		return this.commands.cancel(id)
			.<ResponseEntity<?>>map((command) -> ResponseEntity.ok(view(command)))
			.orElseGet(() -> notFound(id));
	}

	@ExceptionHandler
	ResponseEntity<?> onNotFound(CommandNotFoundException ex) {
		return notFound(ex.id);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> onIllegalTransition(IllegalTransitionException ex) {
		ProblemDetail problem = CommandProblem.of(HttpStatus.CONFLICT, "command-state", "Not possible in this state",
				"Command " + ex.commandId() + " is " + ex.from() + "; only a command not yet delivered can be "
						+ "cancelled");
		problem.setProperty("status", ex.from());
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	private Optional<CommandDelivery> visible(UUID id) {
		return this.commands.find(id).filter((command) -> this.access.canSee(command.vin()));
	}

	private CommandView view(CommandDelivery command) {
		return CommandView.of(command,
				this.json.read(command.paramsJson().getBytes(StandardCharsets.UTF_8), Map.class));
	}

	private static CommandType type(String type, List<Map<String, String>> errors) {
		if (type == null) {
			errors.add(error("type", "is required"));
			return null;
		}
		try {
			return CommandType.valueOf(type);
		}
		catch (IllegalArgumentException ex) {
			errors.add(error("type", "must be one of " + Arrays.toString(CommandType.values())));
			return null;
		}
	}

	private static ResponseEntity<?> notFound(UUID id) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(CommandProblem.of(HttpStatus.NOT_FOUND, "command-not-found", "No such command",
					"There is no command " + id));
	}

	private static ResponseEntity<?> vehicleNotFound(String vin) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(CommandProblem.of(HttpStatus.NOT_FOUND, "vehicle-not-found", "No such vehicle",
					"There is no vehicle " + vin));
	}

	private static Map<String, String> error(String field, String message) {
		return Map.of("field", field, "message", message);
	}

	private static final class CommandNotFoundException extends RuntimeException {

		private final UUID id;

		CommandNotFoundException(UUID id) {
			super("No command " + id, null, false, false);
			this.id = id;
		}

	}

}
