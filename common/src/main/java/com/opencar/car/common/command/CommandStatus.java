package com.opencar.car.common.command;

/**
 * Where a command stands.
 * {@code QUEUED → SENT → DELIVERED → SUCCEEDED | FAILED | REJECTED}, or
 * {@code TIMED_OUT}, {@code EXPIRED}, {@code CANCELLED}. Terminal states never change.
 */
public enum CommandStatus {

	/** Accepted; the car is offline or the command waits its turn. */
	QUEUED(false),

	/** Published; the broker acknowledged it. */
	SENT(false),

	/** The car answered RECEIVED. */
	DELIVERED(false),

	SUCCEEDED(true),

	FAILED(true),

	REJECTED(true),

	/** No outcome in time. */
	TIMED_OUT(true),

	/** Never delivered before its time to live ran out. */
	EXPIRED(true),

	CANCELLED(true);

	private final boolean terminal;

	CommandStatus(boolean terminal) {
		this.terminal = terminal;
	}

	public boolean isTerminal() {
		return this.terminal;
	}

}
