package com.opencar.car.common.command;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.opencar.car.common.telemetry.Payloads;

/**
 * The payload published to {@code vehicles/{vin}/commands}.
 *
 * @param commandId also the MQTT 5 correlation data
 * @param type what to do
 * @param params the type's parameters
 * @param expiresAt after this the car must not execute it
 */
public record VehicleCommand(CommandId commandId, CommandType type, Map<String, Object> params, Instant expiresAt) {

	public VehicleCommand {
		Objects.requireNonNull(commandId, "commandId is required");
		Objects.requireNonNull(type, "type is required");
		Objects.requireNonNull(expiresAt, "expiresAt is required");
		params = Payloads.immutableCopy(params);
	}

}
