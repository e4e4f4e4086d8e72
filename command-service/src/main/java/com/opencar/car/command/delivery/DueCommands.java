package com.opencar.car.command.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.command.CommandProperties;
import com.opencar.car.common.command.CommandStatus;

/**
 * Acts on commands whose {@code due_at} has passed, from PostgreSQL (so a restart forgets
 * no timer), one locked row and transaction each:
 * <ul>
 * <li>QUEUED or SENT past its time to live → EXPIRED;</li>
 * <li>SENT without RECEIVED after {@code ack-timeout} → published again with the same id
 * (cars deduplicate by id), up to {@code max-attempts}, then TIMED_OUT;</li>
 * <li>DELIVERED without an outcome after {@code timeoutSeconds} → TIMED_OUT.</li>
 * </ul>
 */
@Component
class DueCommands {

	private static final int BATCH = 100;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final CommandDeliveries deliveries;

	private final CarPublisher publisher;

	private final CommandProperties.Delivery properties;

	private final Clock clock;

	DueCommands(JdbcClient jdbc, TransactionTemplate transactions, CommandDeliveries deliveries, CarPublisher publisher,
			CommandProperties properties, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.deliveries = deliveries;
		this.publisher = publisher;
		this.properties = properties.delivery();
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Scheduled(fixedDelayString = "${car.command.delivery.due-interval:200ms}")
	void process() {
		List<UUID> due = this.jdbc
			.sql("select id from command_deliveries where due_at <= :now order by due_at limit :limit")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("limit", BATCH)
			.query(UUID.class)
			.list();
		for (UUID id : due) {
			this.transactions.executeWithoutResult((status) -> {
				List<UUID> locked = this.jdbc
					.sql("select id from command_deliveries where id = :id "
							+ "and due_at is not null for update skip locked")
					.param("id", id)
					.query(UUID.class)
					.list();
				if (!locked.isEmpty()) {
					act(this.deliveries.findById(id).orElseThrow(), this.clock.instant());
				}
			});
		}
	}

	private void act(CommandDelivery command, Instant now) {
		if (command.dueAt() == null || command.dueAt().isAfter(now)) {
			return; // changed meanwhile
		}
		CommandStatus status = command.status();
		if ((status == CommandStatus.QUEUED || status == CommandStatus.SENT) && !now.isBefore(command.expiresAt())) {
			command.expired(now);
		}
		else if (status == CommandStatus.SENT && command.attempts() < this.properties.maxAttempts()) {
			if (this.publisher.publish(Outgoing.of(command), now)) {
				command.republished(now, now.plus(this.properties.ackTimeout()));
			}
		}
		else if (status == CommandStatus.SENT) {
			command.timedOut(now, "no RECEIVED after " + command.attempts() + " attempts");
		}
		else if (status == CommandStatus.DELIVERED) {
			command.timedOut(now, "no outcome within " + command.timeoutSeconds() + " s");
		}
	}

}
