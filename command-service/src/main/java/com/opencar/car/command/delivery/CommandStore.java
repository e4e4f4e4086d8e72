package com.opencar.car.command.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * The lifecycle's busy paths (queue, publish, the car's answers) as one SQL statement
 * each, instead of loading the {@link CommandDelivery} aggregate, its history and a flush
 * per step: that was most of the service's CPU per command (see issue 5's profile). Each
 * change is guarded by {@link Lifecycle#sources}, locks the row, stores the transition in
 * the same statement and has exactly the effect of the aggregate's operation of the same
 * name; a change the guard refuses changes nothing and returns {@code false}, and the
 * caller falls back to the aggregate, which tells why.
 */
@Component
public class CommandStore {

	private static final String MOVE = """
			with current as (
			    select id, status from command_deliveries
			    where id = :id and (cast(:vin as varchar) is null or vin = :vin)
			    for update
			), moved as (
			    update command_deliveries d
			    set status = :to, attempts = d.attempts + :attempts, due_at = %s, updated_at = :now,
			        version = d.version + 1
			    from current c
			    where d.id = c.id and c.status in (:sources)
			    returning d.id, c.status as from_status
			)
			insert into command_transitions (command_id, from_status, to_status, occurred_at, reason)
			select id, from_status, :to, :now, :reason from moved
			""";

	private static final String OUTGOING = "d.id, d.vin, d.type, d.params, d.timeout_seconds, d.expires_at, d.status";

	private final JdbcClient jdbc;

	CommandStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a command just queued with its first transition, in one statement.
	 * @param command a new command, from {@link CommandDelivery#queue}
	 * @throws org.springframework.dao.DuplicateKeyException if the car has a command with
	 * the same idempotency key
	 */
	public void insert(CommandDelivery command) {
		CommandTransition first = command.transitions().get(0);
		this.jdbc.sql("""
				with created as (
				    insert into command_deliveries (id, vin, type, params, status, timeout_seconds, expires_at,
				        idempotency_key, attempts, due_at, created_at, updated_at, version)
				    values (:id, :vin, :type, cast(:params as jsonb), :status, :timeout, :expiresAt, :key, :attempts,
				        :dueAt, :createdAt, :updatedAt, 0)
				    returning id
				)
				insert into command_transitions (command_id, from_status, to_status, occurred_at, reason)
				select id, null, :status, :occurredAt, :reason from created
				""")
			.param("id", command.id())
			.param("vin", command.vin().value())
			.param("type", command.type().name())
			.param("params", command.paramsJson())
			.param("status", command.status().name())
			.param("timeout", command.timeoutSeconds())
			.param("expiresAt", at(command.expiresAt()))
			.param("key", command.idempotencyKey())
			.param("attempts", command.attempts())
			.param("dueAt", at(command.dueAt()))
			.param("createdAt", at(command.createdAt()))
			.param("updatedAt", at(command.updatedAt()))
			.param("occurredAt", at(first.occurredAt()))
			.param("reason", first.reason())
			.update();
	}

	/**
	 * Locks a command that may go out now: QUEUED, alive, its car online and no older
	 * command of the car waiting. Skips it if another thread or instance holds it.
	 * @param id the command
	 * @return what to publish, empty if it may not go out now
	 */
	Optional<Outgoing> lockDispatchable(UUID id) {
		return this.jdbc.sql("select " + OUTGOING + """
				 from command_deliveries d
				join vehicle_connectivity c on c.vin = d.vin and c.online
				where d.id = :id and d.status = 'QUEUED' and d.expires_at > now()
				  and not exists (select 1 from command_deliveries older
				                  where older.vin = d.vin and older.status = 'QUEUED'
				                    and older.created_at < d.created_at)
				for update of d skip locked
				""").param("id", id).query(CommandStore::outgoing).optional();
	}

	/**
	 * Locks a command, whatever its status, unless another thread or instance holds it.
	 * @param id the command
	 * @return it, empty if it is locked elsewhere (or gone)
	 */
	Optional<Outgoing> lock(UUID id) {
		return this.jdbc
			.sql("select " + OUTGOING + " from command_deliveries d where d.id = :id for update skip locked")
			.param("id", id)
			.query(CommandStore::outgoing)
			.optional();
	}

	/**
	 * {@link CommandDelivery#sent}: the broker acknowledged the first publish.
	 * @return whether the command was QUEUED and is SENT now
	 */
	boolean sent(UUID id, Instant now, Instant ackDeadline) {
		return move(id, null, CommandStatus.SENT, "least(cast(:ackDeadline as timestamptz), d.expires_at)", 1, now,
				null, at(ackDeadline));
	}

	/**
	 * A car's answer: {@link CommandDelivery#delivered} for DELIVERED,
	 * {@link CommandDelivery#finished} for an outcome.
	 * @param id the command
	 * @param vin the car that answered; nothing changes if the command is another car's
	 * @param to DELIVERED or an outcome
	 * @param now when the answer arrived
	 * @param reason the car's message, if any
	 * @return whether the lifecycle allowed the change and it is stored
	 */
	boolean answered(UUID id, VehicleId vin, CommandStatus to, Instant now, String reason) {
		if (to == CommandStatus.DELIVERED) {
			return move(id, vin.value(), to, "cast(:now as timestamptz) + d.timeout_seconds * interval '1 second'", 0,
					now, reason, null);
		}
		if (!to.isTerminal()) {
			throw new IllegalArgumentException("Not an answer: " + to);
		}
		return move(id, vin.value(), to, "null", 0, now, reason, null);
	}

	private boolean move(UUID id, String vin, CommandStatus to, String dueAt, int attempts, Instant now, String reason,
			OffsetDateTime ackDeadline) {
		List<String> sources = Lifecycle.sources(to).stream().map(CommandStatus::name).toList();
		JdbcClient.StatementSpec statement = this.jdbc.sql(MOVE.formatted(dueAt))
			.param("id", id)
			.param("vin", vin)
			.param("to", to.name())
			.param("attempts", attempts)
			.param("now", at(now))
			.param("sources", sources)
			.param("reason", CommandTransition.truncated(reason));
		if (ackDeadline != null) {
			statement = statement.param("ackDeadline", ackDeadline);
		}
		return statement.update() == 1;
	}

	private static OffsetDateTime at(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Outgoing outgoing(ResultSet row, int index) throws SQLException {
		return new Outgoing(row.getObject(1, UUID.class), VehicleId.of(row.getString(2)),
				CommandType.valueOf(row.getString(3)), row.getString(4), row.getInt(5),
				row.getObject(6, OffsetDateTime.class).toInstant(), CommandStatus.valueOf(row.getString(7)));
	}

}
