package com.opencar.car.command.kafka;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.opencar.car.common.command.CommandId;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandTransitioned;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * The outbox's statements: the transitions not yet published, oldest first, and marking
 * them published. Called inside one transaction per batch, which {@link #claim} makes the
 * only one publishing.
 */
class TransitionOutbox {

	private final JdbcClient jdbc;

	TransitionOutbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return whether this transaction publishes; another instance's does otherwise (a
	 * transaction-scoped advisory lock)
	 */
	boolean claim() {
		return Boolean.TRUE
			.equals(this.jdbc.sql("select pg_try_advisory_xact_lock(hashtext('command-transition-outbox'))")
				.query(Boolean.class)
				.single());
	}

	/**
	 * @param limit at most this many
	 * @return the oldest transitions not yet published, in the order they were stored
	 */
	List<Pending> pending(int limit) {
		return this.jdbc.sql("""
				select t.id, t.command_id, d.vin, d.type, t.from_status, t.to_status, t.occurred_at, t.reason,
				       d.created_at
				from command_transitions t join command_deliveries d on d.id = t.command_id
				where t.published_at is null
				order by t.id
				limit :limit
				""")
			.param("limit", limit)
			.query((row, index) -> new Pending(row.getLong(1),
					new CommandTransitioned(new CommandId(row.getObject(2, UUID.class)), VehicleId.of(row.getString(3)),
							CommandType.valueOf(row.getString(4)), CommandStatus.valueOf(row.getString(6)),
							(row.getString(5) != null) ? CommandStatus.valueOf(row.getString(5)) : null,
							row.getTimestamp(7).toInstant(), row.getString(8)),
					row.getTimestamp(9).toInstant()))
			.list();
	}

	/**
	 * @param ids transitions Kafka acknowledged
	 */
	void published(List<Long> ids) {
		this.jdbc.sql("update command_transitions set published_at = :now where id in (:ids)")
			.param("now", new Timestamp(System.currentTimeMillis()))
			.param("ids", ids)
			.update();
	}

	/**
	 * @param id a transition Kafka refused for good: marked, so that it is not sent again
	 * @param failure why
	 */
	void refused(long id, String failure) {
		this.jdbc.sql("update command_transitions set published_at = :now, publish_failure = :failure where id = :id")
			.param("now", new Timestamp(System.currentTimeMillis()))
			.param("failure", failure)
			.param("id", id)
			.update();
	}

	/**
	 * A transition waiting to be published.
	 *
	 * @param id its row
	 * @param event what is published
	 * @param createdAt when its command was created
	 */
	record Pending(long id, CommandTransitioned event, Instant createdAt) {

	}

}
