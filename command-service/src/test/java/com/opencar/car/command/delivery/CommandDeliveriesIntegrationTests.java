package com.opencar.car.command.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;

@CommandIntegrationTest
class CommandDeliveriesIntegrationTests {

	@Autowired
	private CommandDeliveries deliveries;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

	@Test
	void storesACommandWithItsParametersAndItsWholeHistory() {
		VehicleId vin = TestVins.fresh().next();
		UUID id = UUID.randomUUID();
		this.transactions.executeWithoutResult(
				(status) -> this.deliveries.save(CommandDelivery.queue(id, vin, CommandType.SET_CHARGE_LIMIT,
						"{\"percent\": 80}", Duration.ofSeconds(30), Duration.ofHours(1), "key-1", this.now)));
		this.transactions.executeWithoutResult((status) -> {
			CommandDelivery command = this.deliveries.findById(id).orElseThrow();
			command.sent(this.now.plusSeconds(1), this.now.plusSeconds(11));
			command.delivered(this.now.plusSeconds(2));
		});

		CommandDelivery stored = this.transactions.execute((status) -> {
			CommandDelivery command = this.deliveries.findByVinAndIdempotencyKey(vin.value(), "key-1").orElseThrow();
			command.transitions().size(); // load the history inside the transaction
			return command;
		});
		assertThat(stored.id()).isEqualTo(id);
		assertThat(stored.status()).isEqualTo(CommandStatus.DELIVERED);
		assertThat(stored.dueAt()).isEqualTo(this.now.plusSeconds(32));
		assertThat(stored.transitions()).extracting(CommandTransition::to)
			.containsExactly(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.DELIVERED);
		// stored as jsonb, not as text
		assertThat(this.jdbc
			.sql("select jsonb_typeof(params), (params->>'percent')::int from command_deliveries " + "where id = ?")
			.param(id)
			.query((row, index) -> row.getString(1) + " " + row.getInt(2))
			.single()).isEqualTo("object 80");
		assertThat(this.deliveries.findByVinAndStatusOrderByCreatedAtDesc(vin.value(), CommandStatus.DELIVERED,
				PageRequest.of(0, 10)))
			.extracting(CommandDelivery::id)
			.containsExactly(id);
	}

}
