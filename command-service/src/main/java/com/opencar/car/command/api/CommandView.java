package com.opencar.car.command.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.opencar.car.command.delivery.CommandDelivery;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;

/**
 * A command as the API shows it; entities never leave the service.
 *
 * @param id the command id, also the MQTT correlation data
 * @param vin the car
 * @param type what to do
 * @param params its parameters
 * @param status where it stands
 * @param timeoutSeconds how long after delivery the car has to report an outcome
 * @param expiresAt until when delivery is attempted
 * @param attempts how often it was published
 * @param createdAt when it was accepted
 * @param updatedAt when it last changed
 * @param transitions its history, oldest first
 */
public record CommandView(UUID id, String vin, CommandType type, Map<String, Object> params, CommandStatus status,
		int timeoutSeconds, Instant expiresAt, int attempts, Instant createdAt, Instant updatedAt,
		List<TransitionView> transitions) {

	static CommandView of(CommandDelivery command, Map<String, Object> params) {
		return new CommandView(command.id(), command.vin().value(), command.type(), params, command.status(),
				command.timeoutSeconds(), command.expiresAt(), command.attempts(), command.createdAt(),
				command.updatedAt(),
				command.transitions()
					.stream()
					.map((transition) -> new TransitionView(transition.from(), transition.to(), transition.occurredAt(),
							transition.reason()))
					.toList());
	}

	/**
	 * @param from the status before ({@code null} for the first)
	 * @param to the status after
	 * @param at when
	 * @param reason why, when known
	 */
	public record TransitionView(CommandStatus from, CommandStatus to, Instant at, String reason) {

	}

}
