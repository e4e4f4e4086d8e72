package com.opencar.car.command.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.command.CommandProperties;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * The statements the service runs on a command's busy path, through its own
 * {@link CommandStore}, with nothing else around them: no HTTP, no broker, no Kafka. The
 * command benchmark runs them against PostgreSQL alone for its ceiling.
 */
public final class CommandSqlPath implements AutoCloseable {

	private final CommandStore store;

	private final CommandDispatcher dispatcher;

	public CommandSqlPath(DataSource dataSource) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		this.store = new CommandStore(jdbc);
		this.dispatcher = new CommandDispatcher(jdbc,
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), this.store,
				new AcknowledgedAtOnce(), new Binder().bindOrCreate("car.command", CommandProperties.class),
				Optional.empty());
	}

	/** Stops the dispatcher's (unused) task pool. */
	@Override
	public void close() {
		this.dispatcher.stop();
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
	 * A car's dispatch turn, taken by the service's {@link CommandDispatcher} on the
	 * calling thread, with a broker that acknowledges every publish at once: the car's
	 * queued commands, then per batch one transaction that locks them and records them
	 * SENT.
	 * @param vin the car
	 * @return how many are SENT now
	 */
	public int dispatch(VehicleId vin) {
		return this.dispatcher.dispatchTurn(vin.value());
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

	/** The broker, as far as the dispatcher sees it: every publish acknowledged. */
	private static final class AcknowledgedAtOnce extends CarPublisher {

		AcknowledgedAtOnce() {
			super(null, null, null);
		}

		@Override
		int publishAll(List<Outgoing> commands, Instant now) {
			return commands.size();
		}

	}

}
