package com.opencar.car.command.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.command.delivery.CommandDeliveries;
import com.opencar.car.command.delivery.CommandDelivery;
import com.opencar.car.command.delivery.CommandQueued;
import com.opencar.car.command.delivery.CommandStore;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.process.tracing.MessageTracing;

/**
 * The use cases behind the API, each in its own transaction.
 */
@Service
class Commands {

	private final MessageTracing tracing;

	private final CommandDeliveries deliveries;

	private final CommandStore store;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Commands(CommandDeliveries deliveries, CommandStore store, TransactionTemplate transactions,
			ApplicationEventPublisher events, Optional<Clock> clock, MessageTracing tracing) {
		this.tracing = tracing;
		this.deliveries = deliveries;
		this.store = store;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * Queues a new command, or returns the one created earlier with the same idempotency
	 * key for this car.
	 * @return the command and whether it was created now
	 */
	Created create(VehicleId vin, CommandType type, String paramsJson, Duration timeout, Duration ttl,
			String idempotencyKey) {
		if (idempotencyKey != null) {
			Optional<CommandDelivery> earlier = existing(vin, idempotencyKey);
			if (earlier.isPresent()) {
				return new Created(earlier.get(), false);
			}
		}
		try {
			// in the request's trace: publishing it and the car's answers continue it
			CommandDelivery command = CommandDelivery
				.queue(UUID.randomUUID(), vin, type, paramsJson, timeout, ttl, idempotencyKey, this.clock.instant())
				.traced(this.tracing.currentTraceParent());
			// one statement, committed: the dispatcher may take it now
			this.store.insert(command);
			this.events.publishEvent(new CommandQueued(command.id(), vin));
			return new Created(command, true);
		}
		catch (DataIntegrityViolationException ex) {
			// the same key raced in from another request: the unique index kept one
			return existing(vin, idempotencyKey).map((command) -> new Created(command, false)).orElseThrow(() -> ex);
		}
	}

	private Optional<CommandDelivery> existing(VehicleId vin, String idempotencyKey) {
		return this.transactions
			.execute((status) -> this.deliveries.findByVinAndIdempotencyKey(vin.value(), idempotencyKey)
				.map(Commands::withHistory));
	}

	@Transactional(readOnly = true)
	Optional<CommandDelivery> find(UUID id) {
		return this.deliveries.findById(id).map(Commands::withHistory);
	}

	@Transactional(readOnly = true)
	Page<CommandDelivery> list(VehicleId vin, CommandStatus status, Pageable page) {
		Page<CommandDelivery> commands = (status != null)
				? this.deliveries.findByVinAndStatusOrderByCreatedAtDesc(vin.value(), status, page)
				: this.deliveries.findByVinOrderByCreatedAtDesc(vin.value(), page);
		commands.forEach(Commands::withHistory);
		return commands;
	}

	/**
	 * Cancels a command not yet delivered.
	 * @return the cancelled command, empty if there is none with this id
	 * @throws com.opencar.car.command.delivery.IllegalTransitionException if it is
	 * delivered or finished
	 */
	@Transactional
	Optional<CommandDelivery> cancel(UUID id) {
		return this.deliveries.findById(id).map((command) -> {
			command.cancelled(this.clock.instant());
			return withHistory(command);
		});
	}

	private static CommandDelivery withHistory(CommandDelivery command) {
		command.transitions().size();
		return command;
	}

	record Created(CommandDelivery command, boolean isNew) {

	}

}
