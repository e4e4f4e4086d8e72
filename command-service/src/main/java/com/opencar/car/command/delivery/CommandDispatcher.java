package com.opencar.car.command.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.command.CommandProperties;

/**
 * Publishes QUEUED commands of online cars, each car's in creation order, and marks them
 * SENT once the broker acknowledged. The work list comes from PostgreSQL, and each
 * command is locked with {@code FOR UPDATE SKIP LOCKED} while it is published, so after a
 * restart nothing is forgotten and two instances never publish the same command at once.
 */
@Component
class CommandDispatcher {

	private static final int BATCH = 100;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final CommandDeliveries deliveries;

	private final CarPublisher publisher;

	private final Duration ackTimeout;

	private final Clock clock;

	CommandDispatcher(JdbcClient jdbc, TransactionTemplate transactions, CommandDeliveries deliveries,
			CarPublisher publisher, CommandProperties properties, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.deliveries = deliveries;
		this.publisher = publisher;
		this.ackTimeout = properties.delivery().ackTimeout();
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Scheduled(fixedDelayString = "${car.command.delivery.dispatch-interval:100ms}")
	void dispatch() {
		List<UUID> candidates = this.jdbc.sql("""
				select d.id from command_deliveries d
				join vehicle_connectivity c on c.vin = d.vin and c.online
				where d.status = 'QUEUED' and d.expires_at > now()
				order by d.created_at
				limit :limit
				""").param("limit", BATCH).query(UUID.class).list();
		Set<String> held = new HashSet<>();
		for (UUID id : candidates) {
			// one short transaction per command: SENT is committed right after the
			// broker's acknowledgement, before the car's answer can be applied
			this.transactions.executeWithoutResult((status) -> {
				List<UUID> locked = this.jdbc
					.sql("select id from command_deliveries where id = :id and status = 'QUEUED' "
							+ "for update skip locked")
					.param("id", id)
					.query(UUID.class)
					.list();
				if (locked.isEmpty()) {
					return; // another instance has it, or it changed meanwhile
				}
				CommandDelivery command = this.deliveries.findById(id).orElseThrow();
				if (held.contains(command.vin().value())) {
					// an earlier command of this car did not go out: keep the order
					return;
				}
				Instant now = this.clock.instant();
				if (this.publisher.publish(command, now)) {
					command.sent(now, now.plus(this.ackTimeout));
				}
				else {
					held.add(command.vin().value());
				}
			});
		}
	}

}
