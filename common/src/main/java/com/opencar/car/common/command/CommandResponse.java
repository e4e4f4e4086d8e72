package com.opencar.car.common.command;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A car's answer about a command, from {@code vehicles/{vin}/command-responses}.
 *
 * @param commandId the command answered
 * @param status what the car says
 * @param reason why, for FAILED and REJECTED; may be {@code null}
 * @param ts when the car answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResponse(CommandId commandId, CommandResponseStatus status, String reason, Instant ts) {

	public CommandResponse {
		Objects.requireNonNull(commandId, "commandId is required");
		Objects.requireNonNull(status, "status is required");
		Objects.requireNonNull(ts, "ts is required");
	}

}
