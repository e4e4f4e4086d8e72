package com.opencar.car.command.delivery;

import java.util.UUID;

import com.opencar.car.common.command.CommandStatus;

/**
 * A transition the lifecycle does not allow, such as cancelling a delivered command or
 * any change to a terminal one.
 */
public class IllegalTransitionException extends RuntimeException {

	private final UUID commandId;

	private final CommandStatus from;

	private final CommandStatus to;

	IllegalTransitionException(UUID commandId, CommandStatus from, CommandStatus to) {
		super("Command " + commandId + " cannot go from " + from + " to " + to);
		this.commandId = commandId;
		this.from = from;
		this.to = to;
	}

	public UUID commandId() {
		return this.commandId;
	}

	public CommandStatus from() {
		return this.from;
	}

	public CommandStatus to() {
		return this.to;
	}

}
