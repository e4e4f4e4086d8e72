package com.opencar.car.command.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * A command's delivery to one car: the aggregate that guards its lifecycle (see
 * {@link Lifecycle}) and records every transition with its time. Every change goes
 * through a named operation; a change the lifecycle does not allow throws
 * {@link IllegalTransitionException} and leaves the command as it was.
 * <p>
 * {@code dueAt} is when the scheduler must look at the command next (expiry while queued,
 * a retry while sent, the outcome timeout once delivered); terminal commands have none.
 */
@Entity
@Table(name = "command_deliveries")
public class CommandDelivery {

	@Id
	private UUID id;

	@Column(nullable = false, length = 17)
	private String vin;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private CommandType type;

	/** The parameters as JSON; the service validates them against the catalogue. */
	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String params;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private CommandStatus status;

	@Column(name = "timeout_seconds", nullable = false)
	private int timeoutSeconds;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	@Column(name = "idempotency_key")
	private String idempotencyKey;

	@Column(nullable = false)
	private int attempts;

	@Column(name = "due_at")
	private Instant dueAt;

	/**
	 * The creating request's trace context, which publishing and the answers continue.
	 */
	@Column(name = "trace_parent", length = 55)
	private String traceParent;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	/**
	 * Null until first stored: with an assigned id, this is how Spring Data tells a new
	 * command from a stored one, so saving a new one inserts it instead of first looking
	 * it up.
	 */
	@Version
	private Long version;

	@OneToMany(mappedBy = "command", cascade = CascadeType.ALL, orphanRemoval = true)
	@OrderBy("id")
	private List<CommandTransition> transitions = new ArrayList<>();

	protected CommandDelivery() {
	}

	/**
	 * A new command, QUEUED until it can be published.
	 * @param id its id, also the MQTT correlation data
	 * @param vin the car
	 * @param type what to do
	 * @param paramsJson validated parameters as JSON
	 * @param timeout how long after delivery the car has to report an outcome
	 * @param ttl how long to keep trying to deliver
	 * @param idempotencyKey the client's key, or {@code null}
	 * @param now the time of creation
	 * @return the queued command
	 */
	public static CommandDelivery queue(UUID id, VehicleId vin, CommandType type, String paramsJson, Duration timeout,
			Duration ttl, String idempotencyKey, Instant now) {
		CommandDelivery command = new CommandDelivery();
		command.id = id;
		command.vin = vin.value();
		command.type = type;
		command.params = paramsJson;
		command.timeoutSeconds = Math.toIntExact(timeout.toSeconds());
		command.expiresAt = now.plus(ttl);
		command.idempotencyKey = idempotencyKey;
		command.createdAt = now;
		command.status = CommandStatus.QUEUED;
		command.dueAt = command.expiresAt;
		command.record(null, CommandStatus.QUEUED, now, null);
		return command;
	}

	/**
	 * @param traceParent the creating request's trace context, or {@code null}
	 * @return this command
	 */
	public CommandDelivery traced(String traceParent) {
		this.traceParent = traceParent;
		return this;
	}

	/**
	 * @return the creating request's trace context, or {@code null}
	 */
	public String traceParent() {
		return this.traceParent;
	}

	/**
	 * The broker acknowledged the publish.
	 * @param now when
	 * @param ackDeadline when to publish again if the car has not answered RECEIVED
	 */
	public void sent(Instant now, Instant ackDeadline) {
		moveTo(CommandStatus.SENT, now, null);
		this.attempts++;
		this.dueAt = earliest(ackDeadline, this.expiresAt);
	}

	/**
	 * The car answered a command still QUEUED here: an instance published it and stopped
	 * (killed, crashed) between the broker's PUBACK and recording SENT. The answer proves
	 * the publish, so SENT is recorded now, saying so, and the answer applies after it.
	 * Without this the answer was refused as out of order, the command went out again,
	 * the car (which executes an id once) did not report a second outcome, and the
	 * command ended TIMED_OUT although the car had done it.
	 * @param now when the answer arrived
	 */
	public void sentBeforeARestart(Instant now) {
		moveTo(CommandStatus.SENT, now, "published before a restart; SENT recorded from the car's answer");
		this.attempts++;
	}

	/**
	 * Published again, same id, because the car did not answer RECEIVED in time. Not a
	 * transition: the command stays SENT, with one more attempt.
	 */
	public void republished(Instant now, Instant ackDeadline) {
		if (this.status != CommandStatus.SENT) {
			throw new IllegalTransitionException(this.id, this.status, CommandStatus.SENT);
		}
		this.attempts++;
		this.dueAt = earliest(ackDeadline, this.expiresAt);
		this.updatedAt = now;
	}

	/**
	 * The car answered RECEIVED: it now has {@code timeoutSeconds} to report an outcome.
	 */
	public void delivered(Instant now) {
		moveTo(CommandStatus.DELIVERED, now, null);
		this.dueAt = now.plusSeconds(this.timeoutSeconds);
	}

	/**
	 * The car's outcome.
	 * @param outcome SUCCEEDED, FAILED or REJECTED
	 * @param now when it arrived
	 * @param reason the car's message, if any
	 */
	public void finished(CommandStatus outcome, Instant now, String reason) {
		if (outcome != CommandStatus.SUCCEEDED && outcome != CommandStatus.FAILED
				&& outcome != CommandStatus.REJECTED) {
			throw new IllegalArgumentException("Not an outcome: " + outcome);
		}
		moveTo(outcome, now, reason);
	}

	public void timedOut(Instant now, String reason) {
		moveTo(CommandStatus.TIMED_OUT, now, reason);
	}

	public void expired(Instant now) {
		moveTo(CommandStatus.EXPIRED, now, "time to live ran out before delivery");
	}

	public void cancelled(Instant now) {
		moveTo(CommandStatus.CANCELLED, now, null);
	}

	/**
	 * @param to a status
	 * @return whether the lifecycle allows going there from the current status
	 */
	public boolean canMoveTo(CommandStatus to) {
		return Lifecycle.allows(this.status, to);
	}

	private void moveTo(CommandStatus to, Instant now, String reason) {
		if (!Lifecycle.allows(this.status, to)) {
			throw new IllegalTransitionException(this.id, this.status, to);
		}
		CommandStatus from = this.status;
		this.status = to;
		if (to.isTerminal()) {
			this.dueAt = null;
		}
		record(from, to, now, reason);
	}

	private void record(CommandStatus from, CommandStatus to, Instant now, String reason) {
		this.transitions.add(new CommandTransition(this, from, to, now, reason));
		this.updatedAt = now;
	}

	private static Instant earliest(Instant one, Instant other) {
		return one.isBefore(other) ? one : other;
	}

	public UUID id() {
		return this.id;
	}

	public VehicleId vin() {
		return VehicleId.of(this.vin);
	}

	public CommandType type() {
		return this.type;
	}

	public String paramsJson() {
		return this.params;
	}

	public CommandStatus status() {
		return this.status;
	}

	public int timeoutSeconds() {
		return this.timeoutSeconds;
	}

	public Instant expiresAt() {
		return this.expiresAt;
	}

	public String idempotencyKey() {
		return this.idempotencyKey;
	}

	public int attempts() {
		return this.attempts;
	}

	public Instant dueAt() {
		return this.dueAt;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

	public List<CommandTransition> transitions() {
		return Collections.unmodifiableList(this.transitions);
	}

}
