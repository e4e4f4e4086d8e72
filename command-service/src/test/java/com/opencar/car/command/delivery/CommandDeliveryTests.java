package com.opencar.car.command.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;

import static com.opencar.car.common.command.CommandStatus.CANCELLED;
import static com.opencar.car.common.command.CommandStatus.DELIVERED;
import static com.opencar.car.common.command.CommandStatus.EXPIRED;
import static com.opencar.car.common.command.CommandStatus.FAILED;
import static com.opencar.car.common.command.CommandStatus.QUEUED;
import static com.opencar.car.common.command.CommandStatus.REJECTED;
import static com.opencar.car.common.command.CommandStatus.SENT;
import static com.opencar.car.common.command.CommandStatus.SUCCEEDED;
import static com.opencar.car.common.command.CommandStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CommandDeliveryTests {

	private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

	@Test
	void aNewCommandIsQueuedAndDueWhenItsTimeToLiveEnds() {
		CommandDelivery command = queued();
		assertThat(command.status()).isEqualTo(QUEUED);
		assertThat(command.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
		assertThat(command.dueAt()).isEqualTo(command.expiresAt());
		assertThat(command.transitions()).singleElement().satisfies((transition) -> {
			assertThat(transition.from()).isNull();
			assertThat(transition.to()).isEqualTo(QUEUED);
			assertThat(transition.occurredAt()).isEqualTo(T0);
		});
	}

	@Test
	void theHappyPathRecordsEveryTransitionWithItsTime() {
		CommandDelivery command = queued();
		command.sent(T0.plusSeconds(1), T0.plusSeconds(11));
		assertThat(command.dueAt()).isEqualTo(T0.plusSeconds(11));
		command.delivered(T0.plusSeconds(2));
		assertThat(command.dueAt()).isEqualTo(T0.plusSeconds(2 + 30));
		command.finished(SUCCEEDED, T0.plusSeconds(5), null);

		assertThat(command.status()).isEqualTo(SUCCEEDED);
		assertThat(command.dueAt()).isNull();
		assertThat(command.attempts()).isEqualTo(1);
		assertThat(command.transitions()).extracting((t) -> t.from() + "→" + t.to() + "@" + t.occurredAt())
			.containsExactly("null→QUEUED@" + T0, "QUEUED→SENT@" + T0.plusSeconds(1),
					"SENT→DELIVERED@" + T0.plusSeconds(2), "DELIVERED→SUCCEEDED@" + T0.plusSeconds(5));
	}

	@Test
	void aRetryKeepsTheCommandSentAndCountsTheAttemptWithoutAStatusChange() {
		CommandDelivery command = queued();
		command.sent(T0, T0.plusSeconds(10));
		command.republished(T0.plusSeconds(10), T0.plusSeconds(20));
		assertThat(command.status()).isEqualTo(SENT);
		assertThat(command.attempts()).isEqualTo(2);
		assertThat(command.dueAt()).isEqualTo(T0.plusSeconds(20));
		assertThat(command.transitions()).hasSize(2);
	}

	@Test
	void aRetryIsNeverDueAfterTheTimeToLive() {
		CommandDelivery command = CommandDelivery.queue(UUID.randomUUID(), VehicleId.of("WVWZZZ1JZXW000001"),
				CommandType.LOCATE, "{}", Duration.ofSeconds(30), Duration.ofSeconds(15), null, T0);
		command.sent(T0, T0.plusSeconds(60));
		assertThat(command.dueAt()).isEqualTo(T0.plusSeconds(15));
	}

	@Test
	void onlySentCommandsCanBeRepublished() {
		CommandDelivery command = queued();
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> command.republished(T0, T0.plusSeconds(10)));
	}

	@Test
	void anOutcomeMustBeOne() {
		CommandDelivery command = queued();
		command.sent(T0, T0.plusSeconds(10));
		assertThatIllegalArgumentException().isThrownBy(() -> command.finished(EXPIRED, T0, null));
	}

	/**
	 * Every pair of states: the operation that leads to {@code to} succeeds exactly when
	 * the lifecycle allows the transition, and a refused one changes nothing.
	 */
	@ParameterizedTest
	@EnumSource(CommandStatus.class)
	void refusesEveryTransitionTheLifecycleDoesNotAllow(CommandStatus from) {
		Set<CommandStatus> allowed = switch (from) {
			case QUEUED -> EnumSet.of(SENT, EXPIRED, CANCELLED);
			case SENT -> EnumSet.of(DELIVERED, SUCCEEDED, FAILED, REJECTED, TIMED_OUT, EXPIRED, CANCELLED);
			case DELIVERED -> EnumSet.of(SUCCEEDED, FAILED, REJECTED, TIMED_OUT);
			default -> EnumSet.noneOf(CommandStatus.class);
		};
		assertThat(from.isTerminal()).isEqualTo(allowed.isEmpty());
		for (CommandStatus to : CommandStatus.values()) {
			if (to == QUEUED) {
				continue; // nothing goes back to QUEUED: there is no operation for it
			}
			CommandDelivery command = in(from);
			int history = command.transitions().size();
			if (allowed.contains(to)) {
				operation(to).accept(command, T0.plusSeconds(100));
				assertThat(command.status()).as(from + " → " + to).isEqualTo(to);
				assertThat(command.transitions()).hasSize(history + 1);
			}
			else {
				assertThatExceptionOfType(IllegalTransitionException.class).as(from + " → " + to)
					.isThrownBy(() -> operation(to).accept(command, T0.plusSeconds(100)));
				assertThat(command.status()).isEqualTo(from);
				assertThat(command.transitions()).hasSize(history);
			}
		}
	}

	private static CommandDelivery queued() {
		return CommandDelivery.queue(UUID.randomUUID(), VehicleId.of("WVWZZZ1JZXW000001"), CommandType.LOCK_DOORS, "{}",
				Duration.ofSeconds(30), Duration.ofHours(1), null, T0);
	}

	/** A command brought to {@code status} by allowed steps. */
	private static CommandDelivery in(CommandStatus status) {
		CommandDelivery command = queued();
		switch (status) {
			case QUEUED -> {
			}
			case SENT -> command.sent(T0, T0.plusSeconds(10));
			case DELIVERED -> {
				command.sent(T0, T0.plusSeconds(10));
				command.delivered(T0.plusSeconds(1));
			}
			case EXPIRED, CANCELLED -> operation(status).accept(command, T0.plusSeconds(1));
			default -> {
				command.sent(T0, T0.plusSeconds(10));
				operation(status).accept(command, T0.plusSeconds(1));
			}
		}
		assertThat(command.status()).isEqualTo(status);
		return command;
	}

	private static BiConsumer<CommandDelivery, Instant> operation(CommandStatus to) {
		return switch (to) {
			case QUEUED -> throw new IllegalArgumentException("no operation leads back to QUEUED");
			case SENT -> (command, at) -> command.sent(at, at.plusSeconds(10));
			case DELIVERED -> (command, at) -> command.delivered(at);
			case SUCCEEDED, FAILED, REJECTED -> (command, at) -> command.finished(to, at, null);
			case TIMED_OUT -> (command, at) -> command.timedOut(at, "no answer");
			case EXPIRED -> (command, at) -> command.expired(at);
			case CANCELLED -> (command, at) -> command.cancelled(at);
		};
	}

}
