package com.opencar.car.command.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * The lifecycle's busy paths (queue, publish, the cars' answers) as one SQL statement
 * each, the answers a batch at a time, instead of loading the {@link CommandDelivery}
 * aggregate, its history and a flush per step: that was most of the service's CPU per
 * command (see issue 5's profile). Each change is guarded by {@link Lifecycle#sources},
 * locks its rows, stores the transitions in the same statement and has exactly the effect
 * of the aggregate's operation of the same name; what the guard refuses is left unchanged
 * and reported, and the caller falls back to the aggregate, which tells why.
 */
@Component
public class CommandStore {

	/** Every move an answer may make, as {@code FROM>TO}. */
	private static final String[] ANSWER_MOVES = Stream
		.of(CommandStatus.DELIVERED, CommandStatus.SUCCEEDED, CommandStatus.FAILED, CommandStatus.REJECTED)
		.flatMap((to) -> Lifecycle.sources(to).stream().map((from) -> from.name() + ">" + to.name()))
		.toArray(String[]::new);

	/** Where a command may be SENT from. */
	private static final List<String> SENT_FROM = Lifecycle.sources(CommandStatus.SENT)
		.stream()
		.map(CommandStatus::name)
		.toList();

	private static final String OUTGOING = "d.id, d.vin, d.type, d.params, d.timeout_seconds, d.expires_at, d.status, "
			+ "d.trace_parent";

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
				        idempotency_key, attempts, due_at, created_at, updated_at, version, trace_parent)
				    values (:id, :vin, :type, cast(:params as jsonb), :status, :timeout, :expiresAt, :key, :attempts,
				        :dueAt, :createdAt, :updatedAt, 0, :traceParent)
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
			.param("traceParent", command.traceParent())
			.param("attempts", command.attempts())
			.param("dueAt", at(command.dueAt()))
			.param("createdAt", at(command.createdAt()))
			.param("updatedAt", at(command.updatedAt()))
			.param("occurredAt", at(first.occurredAt()))
			.param("reason", first.reason())
			.update();
	}

	/**
	 * A car's commands waiting to go out while it is online, oldest first.
	 * @param vin the car
	 * @param limit at most this many
	 * @return their ids; none while the car is offline
	 */
	List<UUID> queued(String vin, int limit) {
		return this.jdbc.sql("""
				select d.id from command_deliveries d
				join vehicle_connectivity c on c.vin = d.vin and c.online
				where d.vin = :vin and d.status = 'QUEUED' and d.expires_at > now()
				order by d.created_at
				limit :limit
				""").param("vin", vin).param("limit", limit).query(UUID.class).list();
	}

	/**
	 * Locks commands, whatever their status, except those another thread or instance
	 * holds.
	 * @param ids the commands
	 * @return those locked here, by id
	 */
	Map<UUID, Outgoing> lock(List<UUID> ids) {
		return this.jdbc
			.sql("select " + OUTGOING
					+ " from command_deliveries d where d.id = any(:ids) order by d.id for update skip locked")
			.param("ids", ids.toArray(UUID[]::new))
			.query(CommandStore::outgoing)
			.stream()
			.collect(Collectors.toMap(Outgoing::id, Function.identity()));
	}

	/**
	 * {@link CommandDelivery#sent}: the broker acknowledged the first publish.
	 * @param ids the commands
	 * @param now when they were published
	 * @param ackDeadline when to publish again if the car has not answered RECEIVED
	 * @return how many were QUEUED and are SENT now
	 */
	int sent(List<UUID> ids, Instant now, Instant ackDeadline) {
		return this.jdbc.sql("""
				with current as (
				    select id, status from command_deliveries where id = any(:ids) order by id for update
				), moved as (
				    update command_deliveries d
				    set status = 'SENT', attempts = d.attempts + 1,
				        due_at = least(cast(:ackDeadline as timestamptz), d.expires_at), updated_at = :now,
				        version = d.version + 1
				    from current c
				    where d.id = c.id and c.status in (:sources)
				    returning d.id, c.status as from_status
				)
				insert into command_transitions (command_id, from_status, to_status, occurred_at)
				select id, from_status, 'SENT', :now from moved
				""")
			.param("ids", ids.toArray(UUID[]::new))
			.param("now", at(now))
			.param("ackDeadline", at(ackDeadline))
			.param("sources", SENT_FROM)
			.update();
	}

	/**
	 * Cars' answers, one per command: {@link CommandDelivery#delivered} for DELIVERED,
	 * {@link CommandDelivery#finished} for an outcome. The rows are locked in id order,
	 * so two instances applying overlapping batches wait for each other instead of
	 * deadlocking.
	 * @param answers at most one per command
	 * @param now when they arrived
	 * @return the commands whose answer the lifecycle allowed and is stored; the others
	 * are unchanged (unknown, another car's, or not allowed from their status)
	 */
	Set<UUID> answered(List<Answer> answers, Instant now) {
		return new HashSet<>(this.jdbc.sql("""
				with answer as (
				    select * from unnest(cast(:ids as uuid[]), cast(:vins as varchar[]), cast(:targets as varchar[]),
				                         cast(:reasons as varchar[])) as a(id, vin, target, reason)
				), current as (
				    select d.id, d.status, a.target, a.reason from command_deliveries d
				    join answer a on a.id = d.id and a.vin = d.vin
				    order by d.id
				    for update of d
				), moved as (
				    update command_deliveries d
				    set status = c.target,
				        due_at = case when c.target = 'DELIVERED'
				                      then cast(:now as timestamptz) + d.timeout_seconds * interval '1 second' end,
				        updated_at = :now, version = d.version + 1
				    from current c
				    where d.id = c.id and c.status || '>' || c.target = any(cast(:moves as varchar[]))
				    returning d.id, c.status as from_status, c.target, c.reason
				)
				insert into command_transitions (command_id, from_status, to_status, occurred_at, reason)
				select id, from_status, target, :now, reason from moved
				returning command_id
				""")
			.param("ids", answers.stream().map(Answer::commandId).toArray(UUID[]::new))
			.param("vins", answers.stream().map((answer) -> answer.vin().value()).toArray(String[]::new))
			.param("targets", answers.stream().map((answer) -> answer.to().name()).toArray(String[]::new))
			.param("reasons",
					answers.stream()
						.map((answer) -> CommandTransition.truncated(answer.reason()))
						.toArray(String[]::new))
			.param("now", at(now))
			.param("moves", ANSWER_MOVES)
			.query(UUID.class)
			.list());
	}

	/**
	 * Where commands stand, read without locks: enough to name why an answer was refused
	 * by {@link #answered} without a transaction per answer.
	 * @param ids the commands
	 * @return each known command's car and status; an unknown id is absent
	 */
	Map<UUID, Standing> standing(List<UUID> ids) {
		return this.jdbc.sql("select id, vin, status from command_deliveries where id = any(:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.query((row, index) -> new Standing(row.getObject(1, UUID.class), VehicleId.of(row.getString(2)),
					CommandStatus.valueOf(row.getString(3))))
			.list()
			.stream()
			.collect(Collectors.toMap(Standing::id, Function.identity()));
	}

	private static OffsetDateTime at(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Outgoing outgoing(ResultSet row, int index) throws SQLException {
		return new Outgoing(row.getObject(1, UUID.class), VehicleId.of(row.getString(2)),
				CommandType.valueOf(row.getString(3)), row.getString(4), row.getInt(5),
				row.getObject(6, OffsetDateTime.class).toInstant(), CommandStatus.valueOf(row.getString(7)),
				row.getString(8));
	}

	/**
	 * A command's car and status at one moment.
	 *
	 * @param id the command
	 * @param vin its car
	 * @param status its status then
	 */
	record Standing(UUID id, VehicleId vin, CommandStatus status) {

	}

	/**
	 * A car's answer to one command.
	 *
	 * @param commandId the command
	 * @param vin the car that answered; nothing changes if the command is another car's
	 * @param to DELIVERED or an outcome
	 * @param reason the car's message with an outcome, if any
	 */
	record Answer(UUID commandId, VehicleId vin, CommandStatus to, String reason) {

	}

}
