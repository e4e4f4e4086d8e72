package com.opencar.car.command.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;

import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.command.CommandProperties;
import com.opencar.car.common.command.CommandStatus;

/**
 * Publishes QUEUED commands of online cars, each car's in creation order, and marks them
 * SENT once the broker acknowledged. The work list comes from PostgreSQL, and each
 * command is locked with {@code FOR UPDATE SKIP LOCKED} while it is published, so after a
 * restart nothing is forgotten and two instances never publish the same command at once.
 * <p>
 * A new command is tried at once, on one of {@code dispatchers} threads, if its car is
 * online and has no older command waiting; the periodic round is the safety net (a car
 * coming online, a restart, a full hand-off queue).
 */
@Component
class CommandDispatcher {

	private static final int BATCH = 1_000;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final CommandStore store;

	private final CarPublisher publisher;

	private final Duration ackTimeout;

	private final Clock clock;

	private final ThreadPoolTaskExecutor immediate;

	/** Cars whose commands a dispatch thread is publishing. */
	private final Set<String> busyCars = ConcurrentHashMap.newKeySet();

	CommandDispatcher(JdbcClient jdbc, TransactionTemplate transactions, CommandStore store, CarPublisher publisher,
			CommandProperties properties, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.store = store;
		this.publisher = publisher;
		this.ackTimeout = properties.delivery().ackTimeout();
		this.clock = clock.orElse(Clock.systemUTC());
		this.immediate = new ThreadPoolTaskExecutor();
		this.immediate.setThreadNamePrefix("command-dispatch-");
		this.immediate.setCorePoolSize(properties.delivery().dispatchers());
		this.immediate.setMaxPoolSize(properties.delivery().dispatchers());
		this.immediate.setQueueCapacity(10_000);
		this.immediate.setWaitForTasksToCompleteOnShutdown(true);
		this.immediate.setAwaitTerminationSeconds(10);
		this.immediate.initialize();
	}

	@PreDestroy
	void stop() {
		this.immediate.shutdown();
	}

	/**
	 * Publishes a command that was just queued, unless its car is offline or has an older
	 * command waiting (that one goes first, in the periodic round).
	 */
	@EventListener
	void onQueued(CommandQueued queued) {
		try {
			this.immediate.execute(() -> this.transactions.executeWithoutResult(
					(status) -> this.store.lockDispatchable(queued.commandId()).ifPresent(this::publish)));
		}
		catch (TaskRejectedException ex) {
			// busy: the periodic round takes it
		}
	}

	/**
	 * The periodic round: the oldest QUEUED commands of online cars, handed to the
	 * dispatch threads one car at a time, so cars go out in parallel and each car's
	 * commands in creation order.
	 */
	@Scheduled(fixedDelayString = "${car.command.delivery.dispatch-interval:100ms}")
	void dispatch() {
		Map<String, List<UUID>> byCar = new LinkedHashMap<>();
		this.jdbc.sql("""
				select d.id, d.vin from command_deliveries d
				join vehicle_connectivity c on c.vin = d.vin and c.online
				where d.status = 'QUEUED' and d.expires_at > now()
				order by d.created_at
				limit :limit
				""")
			.param("limit", BATCH)
			.query((row, index) -> byCar.computeIfAbsent(row.getString(2), (vin) -> new ArrayList<>())
				.add(row.getObject(1, UUID.class)))
			.list();
		byCar.forEach((vin, commands) -> {
			if (!this.busyCars.add(vin)) {
				return; // the last round's task for this car still runs
			}
			try {
				this.immediate.execute(() -> {
					try {
						dispatchInOrder(commands);
					}
					finally {
						this.busyCars.remove(vin);
					}
				});
			}
			catch (TaskRejectedException ex) {
				this.busyCars.remove(vin);
			}
		});
	}

	/**
	 * One car's commands, oldest first; stops at the first that does not go out, so none
	 * overtakes it. One short transaction per command: SENT is committed right after the
	 * broker's acknowledgement, before the car's answer can be applied.
	 */
	private void dispatchInOrder(List<UUID> commands) {
		for (UUID id : commands) {
			Boolean next = this.transactions.execute((status) -> {
				Optional<Outgoing> locked = this.store.lock(id);
				if (locked.isEmpty()) {
					return false; // being published by another thread or instance
				}
				if (locked.get().status() != CommandStatus.QUEUED) {
					return true; // already gone out, or cancelled meanwhile
				}
				return publish(locked.get());
			});
			if (!Boolean.TRUE.equals(next)) {
				return;
			}
		}
	}

	/** Publishes a locked QUEUED command and records SENT once the broker has it. */
	private boolean publish(Outgoing command) {
		Instant now = this.clock.instant();
		return this.publisher.publish(command, now) && this.store.sent(command.id(), now, now.plus(this.ackTimeout));
	}

}
