package com.opencar.car.command.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * The statements the service runs on a command's busy path, through its own
 * {@link CommandStore}, with nothing else around them: no HTTP, no broker, no Kafka. The
 * command benchmark runs them against PostgreSQL alone for its ceiling.
 */
public final class CommandSqlPath {

	private final CommandStore store;

	private final TransactionTemplate transactions;

	private final Duration ackTimeout = Duration.ofSeconds(10);

	public CommandSqlPath(DataSource dataSource) {
		this.store = new CommandStore(JdbcClient.create(dataSource));
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	/**
	 * {@code POST …/commands}: the command queued, in one statement.
	 * @param vin the car
	 * @param type what to do
	 * @return the command's id
	 */
	public UUID queue(VehicleId vin, CommandType type) {
		CommandDelivery command = CommandDelivery.queue(UUID.randomUUID(), vin, type, "{}", Duration.ofSeconds(30),
				Duration.ofHours(1), null, Instant.now());
		this.store.insert(command);
		return command.id();
	}

	/**
	 * A car's dispatch turn, as {@link CommandDispatcher} takes it: the car's queued
	 * commands, then per batch one transaction that locks them and records them SENT
	 * (where the service publishes them in between).
	 * @param vin the car
	 * @return how many are SENT now
	 */
	public int dispatch(VehicleId vin) {
		List<UUID> queued = this.store.queued(vin.value(), CommandDispatcher.COMMANDS_PER_TURN);
		int sent = 0;
		for (int from = 0; from < queued.size(); from += CommandDispatcher.CAR_BATCH) {
			List<UUID> batch = queued.subList(from, Math.min(from + CommandDispatcher.CAR_BATCH, queued.size()));
			sent += this.transactions.execute((status) -> {
				List<UUID> locked = new ArrayList<>();
				this.store.lock(batch).forEach((id, command) -> {
					if (command.status() == CommandStatus.QUEUED) {
						locked.add(id);
					}
				});
				Instant now = Instant.now();
				return locked.isEmpty() ? 0 : this.store.sent(locked, now, now.plus(this.ackTimeout));
			});
		}
		return sent;
	}

	/**
	 * The cars' answers applied as {@link CommandResponses} applies a batch of them.
	 * @param commands the commands answered, with their cars
	 * @param to DELIVERED or an outcome
	 * @return how many the lifecycle allowed
	 */
	public int answered(Map<UUID, VehicleId> commands, CommandStatus to) {
		List<CommandStore.Answer> answers = commands.entrySet()
			.stream()
			.map((command) -> new CommandStore.Answer(command.getKey(), command.getValue(), to, null))
			.toList();
		// one statement, as the service runs it: no transaction around it
		return this.store.answered(answers, Instant.now()).size();
	}

}
