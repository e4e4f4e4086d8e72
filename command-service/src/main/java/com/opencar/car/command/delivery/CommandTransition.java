package com.opencar.car.command.delivery;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import com.opencar.car.common.command.CommandStatus;

/**
 * One step of a command's history: from which status to which, when, and why.
 */
@Entity
@Table(name = "command_transitions")
public class CommandTransition {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "command_id")
	private CommandDelivery command;

	@Enumerated(EnumType.STRING)
	@Column(name = "from_status")
	private CommandStatus from;

	@Enumerated(EnumType.STRING)
	@Column(name = "to_status", nullable = false)
	private CommandStatus to;

	@Column(name = "occurred_at", nullable = false)
	private Instant occurredAt;

	@Column(name = "reason")
	private String reason;

	protected CommandTransition() {
	}

	CommandTransition(CommandDelivery command, CommandStatus from, CommandStatus to, Instant occurredAt,
			String reason) {
		this.command = command;
		this.from = from;
		this.to = to;
		this.occurredAt = occurredAt;
		this.reason = truncated(reason);
	}

	/**
	 * @param reason a reason, perhaps long
	 * @return as much of it as the history keeps
	 */
	static String truncated(String reason) {
		return (reason != null && reason.length() > 500) ? reason.substring(0, 500) : reason;
	}

	public CommandStatus from() {
		return this.from;
	}

	public CommandStatus to() {
		return this.to;
	}

	public Instant occurredAt() {
		return this.occurredAt;
	}

	public String reason() {
		return this.reason;
	}

}
