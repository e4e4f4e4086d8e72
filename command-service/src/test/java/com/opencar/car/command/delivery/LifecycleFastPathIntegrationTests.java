package com.opencar.car.command.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The lifecycle is written twice: the aggregate ({@link CommandDelivery} with
 * {@link Lifecycle}) and the set-based statements of {@link CommandStore} on the busy
 * paths. From every status, each move the fast path makes is applied both ways to twin
 * commands, and the stored rows and histories must be the same, refusals included.
 */
@CommandIntegrationTest
class LifecycleFastPathIntegrationTests {

	private static final Set<CommandStatus> MOVES = EnumSet.of(CommandStatus.SENT, CommandStatus.DELIVERED,
			CommandStatus.SUCCEEDED, CommandStatus.FAILED, CommandStatus.REJECTED);

	@Autowired
	private CommandDeliveries deliveries;

	@Autowired
	private CommandStore store;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	private final Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);

	static Stream<Arguments> everyStatusAndMove() {
		return EnumSet.allOf(CommandStatus.class)
			.stream()
			.flatMap((from) -> MOVES.stream().map((to) -> arguments(from, to)));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("everyStatusAndMove")
	void theFastPathMovesACommandExactlyAsTheAggregateDoes(CommandStatus from, CommandStatus to) {
		VehicleId vin = TestVins.fresh().next();
		UUID fast = twin(vin, from);
		UUID aggregate = twin(vin, from);
		Instant now = this.created.plusSeconds(30);
		Instant ackDeadline = now.plus(Duration.ofHours(1));
		String reason = (to.isTerminal()) ? "the car's reason" : null;

		boolean movedFast = this.transactions
			.execute((status) -> (to == CommandStatus.SENT) ? this.store.sent(List.of(fast), now, ackDeadline) == 1
					: this.store.answered(List.of(new CommandStore.Answer(fast, vin, to, reason)), now).contains(fast));
		boolean movedByAggregate = this.transactions.execute((status) -> {
			CommandDelivery command = this.deliveries.findLocked(aggregate).orElseThrow();
			if (!command.canMoveTo(to)) {
				return false;
			}
			if (to == CommandStatus.SENT) {
				command.sent(now, ackDeadline);
			}
			else if (to == CommandStatus.DELIVERED) {
				command.delivered(now);
			}
			else {
				command.finished(to, now, reason);
			}
			return true;
		});

		assertThat(movedFast).as("moved by the fast path").isEqualTo(movedByAggregate);
		assertThat(movedFast).as("allowed by the lifecycle").isEqualTo(Lifecycle.allows(from, to));
		assertThat(row(fast)).as("the command's row").isEqualTo(row(aggregate));
		assertThat(history(fast)).as("the command's history").isEqualTo(history(aggregate));
	}

	/** A command in the given status, reached through the aggregate as in service. */
	private UUID twin(VehicleId vin, CommandStatus status) {
		UUID id = UUID.randomUUID();
		// timers far away, so that nothing in the running service touches it
		CommandDelivery command = CommandDelivery.queue(id, vin, CommandType.LOCK_DOORS, "{}", Duration.ofMinutes(5),
				Duration.ofHours(2), null, this.created);
		Instant at = this.created.plusSeconds(1);
		Instant ackDeadline = this.created.plus(Duration.ofHours(1));
		switch (status) {
			case QUEUED -> {
			}
			case SENT -> command.sent(at, ackDeadline);
			case DELIVERED -> {
				command.sent(at, ackDeadline);
				command.delivered(at.plusSeconds(1));
			}
			case SUCCEEDED, FAILED, REJECTED -> {
				command.sent(at, ackDeadline);
				command.delivered(at.plusSeconds(1));
				command.finished(status, at.plusSeconds(2), "earlier");
			}
			case TIMED_OUT -> {
				command.sent(at, ackDeadline);
				command.timedOut(at.plusSeconds(1), "no answer");
			}
			case EXPIRED -> command.expired(at);
			case CANCELLED -> command.cancelled(at);
		}
		this.transactions.executeWithoutResult((tx) -> this.deliveries.save(command));
		return id;
	}

	private List<Object> row(UUID id) {
		return this.jdbc
			.sql("select status, attempts, due_at, updated_at, version, expires_at, timeout_seconds "
					+ "from command_deliveries where id = :id")
			.param("id", id)
			.query((row, index) -> {
				List<Object> columns = new ArrayList<>();
				for (int column = 1; column <= 7; column++) {
					columns.add(row.getObject(column));
				}
				return columns;
			})
			.single();
	}

	private List<String> history(UUID id) {
		return this.jdbc
			.sql("select coalesce(from_status, '-') || '>' || to_status || ' at ' || occurred_at || ' ' "
					+ "|| coalesce(reason, '') from command_transitions where command_id = :id order by id")
			.param("id", id)
			.query(String.class)
			.list();
	}

}
