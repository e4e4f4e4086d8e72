package com.opencar.car.common.command;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * A command moved to a new state: one record on {@code vehicle.commands.v1} per
 * transition.
 *
 * @param commandId the command
 * @param vin the car it is for (the Kafka key)
 * @param type the command type
 * @param status the new state
 * @param previousStatus the state it left, {@code null} when it was created
 * @param ts when the transition happened
 * @param reason why, where there is one (car's failure reason, cancellation…)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandTransitioned(CommandId commandId, VehicleId vin, CommandType type, CommandStatus status,
		CommandStatus previousStatus, Instant ts, String reason) {

	public CommandTransitioned {
		Objects.requireNonNull(commandId, "commandId is required");
		Objects.requireNonNull(vin, "vin is required");
		Objects.requireNonNull(type, "type is required");
		Objects.requireNonNull(status, "status is required");
		Objects.requireNonNull(ts, "ts is required");
	}

}
