package com.opencar.car.command.delivery;

import java.time.Instant;
import java.util.UUID;

import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * What a command's publish needs of it, read with its lock.
 *
 * @param id the command id, also the MQTT correlation data
 * @param vin the car
 * @param type what to do
 * @param paramsJson its parameters as JSON
 * @param timeoutSeconds how long after delivery the car has to report an outcome
 * @param expiresAt until when delivery is attempted
 * @param status where it stood when it was locked
 * @param traceParent the creating request's trace context, or {@code null}
 */
record Outgoing(UUID id, VehicleId vin, CommandType type, String paramsJson, int timeoutSeconds, Instant expiresAt,
		CommandStatus status, String traceParent) {

	static Outgoing of(CommandDelivery command) {
		return new Outgoing(command.id(), command.vin(), command.type(), command.paramsJson(), command.timeoutSeconds(),
				command.expiresAt(), command.status(), command.traceParent());
	}

}
