package com.opencar.car.command.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Work is handed to the {@code dispatchers} threads a car at a time: a task takes the
 * car's waiting commands in creation order and goes on while new ones arrive, so a car
 * has at most one task and a burst of commands costs one task, not one each. A new
 * command schedules its car at once; the periodic round schedules every online car with
 * commands waiting (a car coming online, a restart, a full hand-off queue, another
 * instance's leftovers).
 */
@Component
class CommandDispatcher {

	private static final int CARS_PER_ROUND = 1_000;

	private static final int COMMANDS_PER_TURN = 100;

	/**
	 * A car's commands published at once: the broker's window (Receive Maximum) is shared
	 * by all dispatch threads, 100 on the shipped Mosquitto configuration.
	 */
	private static final int CAR_BATCH = 10;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final CommandStore store;

	private final CarPublisher publisher;

	private final Duration ackTimeout;

	private final Clock clock;

	private final ThreadPoolTaskExecutor immediate;

	/** Cars with a task, queued or running. */
	private final Set<String> busyCars = ConcurrentHashMap.newKeySet();

	/** Cars with commands queued since their task last looked. */
	private final Set<String> newWork = ConcurrentHashMap.newKeySet();

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
	 * A command was just queued: its car's task takes it (with any older ones first).
	 */
	@EventListener
	void onQueued(CommandQueued queued) {
		this.newWork.add(queued.vin().value());
		schedule(queued.vin().value());
	}

	/**
	 * The periodic round: every online car with commands waiting gets a task, unless it
	 * has one.
	 */
	@Scheduled(fixedDelayString = "${car.command.delivery.dispatch-interval:100ms}")
	void dispatch() {
		this.jdbc.sql("""
				select distinct d.vin from command_deliveries d
				join vehicle_connectivity c on c.vin = d.vin and c.online
				where d.status = 'QUEUED' and d.expires_at > now()
				limit :limit
				""").param("limit", CARS_PER_ROUND).query(String.class).list().forEach((vin) -> {
			this.newWork.add(vin);
			schedule(vin);
		});
	}

	private void schedule(String vin) {
		if (!this.busyCars.add(vin)) {
			return; // its task runs and sees the new work before it ends
		}
		try {
			this.immediate.execute(() -> dispatchCar(vin));
		}
		catch (TaskRejectedException ex) {
			this.busyCars.remove(vin); // busy: the periodic round comes back to it
		}
	}

	/** A car's task: its waiting commands, again while new ones arrived meanwhile. */
	private void dispatchCar(String vin) {
		try {
			while (this.newWork.remove(vin)) {
				dispatchTurn(vin);
			}
		}
		finally {
			this.busyCars.remove(vin);
		}
		if (this.newWork.contains(vin)) {
			schedule(vin); // arrived between the last turn and the end
		}
	}

	/**
	 * One turn of a car's task, on the calling thread: up to {@code COMMANDS_PER_TURN} of
	 * its waiting commands.
	 * @param vin the car
	 * @return how many went out
	 */
	int dispatchTurn(String vin) {
		return dispatchInOrder(this.store.queued(vin, COMMANDS_PER_TURN));
	}

	/**
	 * One car's commands, oldest first, {@code CAR_BATCH} at a time: locked, published
	 * all in flight at once and recorded SENT together once the broker acknowledged them,
	 * in one short transaction per batch (SENT is committed before the car's answers can
	 * be applied). Stops at the first that does not go out, so none overtakes it.
	 * @return how many went out
	 */
	private int dispatchInOrder(List<UUID> commands) {
		int sent = 0;
		for (int from = 0; from < commands.size(); from += CAR_BATCH) {
			List<UUID> batch = commands.subList(from, Math.min(from + CAR_BATCH, commands.size()));
			Turn turn = this.transactions.execute((status) -> {
				Map<UUID, Outgoing> locked = this.store.lock(batch);
				List<Outgoing> queued = new ArrayList<>();
				for (UUID id : batch) {
					Outgoing command = locked.get(id);
					if (command == null) {
						break; // being published by another thread or instance
					}
					if (command.status() == CommandStatus.QUEUED) {
						queued.add(command);
					} // else already gone out, or cancelled meanwhile
				}
				int published = publish(queued);
				return new Turn(published, published == queued.size() && locked.size() == batch.size());
			});
			sent += turn.published();
			if (!turn.goOn()) {
				break;
			}
		}
		return sent;
	}

	/**
	 * Publishes locked QUEUED commands and records SENT for those the broker has.
	 * @return how many, from the first, went out
	 */
	private int publish(List<Outgoing> commands) {
		if (commands.isEmpty()) {
			return 0;
		}
		Instant now = this.clock.instant();
		int published = this.publisher.publishAll(commands, now);
		if (published > 0) {
			this.store.sent(commands.subList(0, published).stream().map(Outgoing::id).toList(), now,
					now.plus(this.ackTimeout));
		}
		return published;
	}

	/** A batch's outcome: how many went out, and whether the next batch may follow. */
	private record Turn(int published, boolean goOn) {

	}

}
